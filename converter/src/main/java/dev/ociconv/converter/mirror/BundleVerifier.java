package dev.ociconv.converter.mirror;

import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.ocilayout.RefNames;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageName;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a bundle with nothing but the bundle: every blob re-hashed, every descriptor that
 * index.json reaches present with its size (or, in a differential bundle, left to its base by the
 * inventory), every referrer's subject present, nothing stored that no image names, the inventory
 * agreeing with all of that, and — given the image list — the bundle holding what the list asks
 * and nothing else. Each problem is one line; the result counts them.
 */
public final class BundleVerifier {
    /** What was checked. */
    public record Result(int images, int blobsHashed, long bytesHashed, int leftToBase, int problems) {
    }

    private BundleVerifier() {
    }

    public static Result verify(OciLayoutSource bundle, Optional<ImageList> list, Consumer<String> problems) throws IOException {
        int[] count = {0};
        Consumer<String> report = p -> {
            count[0]++;
            problems.accept(p);
        };
        List<Descriptor> roots = bundle.index().manifests();
        BundleWalk walk = BundleWalk.of(bundle, roots, report);
        walk.missingDocuments().forEach((d, where) -> report.accept(where + ": manifest " + d + " is not in the bundle"));

        Optional<MirrorInventory> inventory = Optional.empty();
        Optional<byte[]> bytes = Bundles.inventoryBytes(bundle);
        if (bytes.isEmpty()) {
            report.accept(bundle.description() + ": no " + MirrorInventory.FILE + " (not a bundle written by ociconv mirror, or cut short)");
        } else {
            try {
                inventory = Optional.of(MirrorInventory.parse(bytes.get(), bundle.description() + ": " + MirrorInventory.FILE));
            } catch (IOException e) {
                report.accept(e.getMessage());
            }
        }
        Set<Digest> omitted = inventory.map(i -> i.omitted().stream().map(MirrorInventory.Blob::digest)
                .collect(java.util.stream.Collectors.toSet())).orElse(Set.of());

        Set<Digest> stored = bundle.storedBlobs();
        int hashed = 0;
        long hashedBytes = 0;
        int left = 0;
        for (MirrorInventory.Blob b : walk.blobs().values()) {
            if (walk.missingDocuments().containsKey(b.digest())) {
                continue;
            }
            if (!stored.contains(b.digest())) {
                if (omitted.contains(b.digest())) {
                    left++;
                } else {
                    report.accept(walk.whereOf(b.digest()) + ": blob " + b.digest() + " (" + b.size() + " bytes) is not in the bundle");
                }
                continue;
            }
            try (InputStream in = bundle.openBlob(new Descriptor(dev.ociconv.model.media.MediaType.OCI_LAYER, b.digest(), b.size()))) {
                in.transferTo(java.io.OutputStream.nullOutputStream()); // the source's stream checks digest and size at its end
                hashed++;
                hashedBytes += b.size();
            } catch (IOException e) {
                report.accept(walk.whereOf(b.digest()) + ": blob " + b.digest() + ": " + e.getMessage());
            }
        }
        for (Digest d : stored) {
            if (!walk.blobs().containsKey(d)) {
                report.accept(bundle.description() + ": blob " + d + " is stored but no image names it");
            }
        }
        walk.subjects().forEach((referrer, subject) -> {
            if (!walk.blobs().containsKey(subject) || walk.missingDocuments().containsKey(subject)) {
                report.accept(walk.whereOf(referrer) + ": referrer " + referrer.shortHex() + " refers to " + subject
                        + ", which is not in the bundle");
            }
        });
        Map<String, Digest> named = namedImages(roots);
        if (inventory.isPresent()) {
            checkInventory(inventory.get(), walk, stored, named, report);
        }
        if (list.isPresent()) {
            checkList(list.get(), named, walk.blobs().keySet(), inventory, report);
        }
        return new Result(named.size(), hashed, hashedBytes, left, count[0]);
    }

    /** index.json's named entries: full name (normalised) → digest. */
    private static Map<String, Digest> namedImages(List<Descriptor> roots) {
        Map<String, Digest> out = new LinkedHashMap<>();
        for (Descriptor d : roots) {
            for (String n : RefNames.namesOf(d)) {
                out.put(normalised(n), d.digest());
            }
        }
        return out;
    }

    private static String normalised(String name) {
        return ImageName.isValid(name) ? ImageName.parse(name).toString() : name;
    }

    private static void checkInventory(MirrorInventory inv, BundleWalk walk, Set<Digest> stored, Map<String, Digest> named,
                                       Consumer<String> report) {
        Map<Digest, Long> listed = new HashMap<>();
        inv.blobs().forEach(b -> listed.put(b.digest(), b.size()));
        for (MirrorInventory.Blob b : walk.blobs().values()) {
            boolean held = stored.contains(b.digest());
            Long size = listed.get(b.digest());
            if (held && size == null) {
                report.accept(MirrorInventory.FILE + ": blob " + b.digest() + " is in the bundle but not in the inventory");
            } else if (held && size != b.size()) {
                report.accept(MirrorInventory.FILE + ": blob " + b.digest() + " has size " + size + " there, " + b.size() + " in its manifest");
            }
        }
        for (MirrorInventory.Blob b : inv.blobs()) {
            if (!walk.blobs().containsKey(b.digest())) {
                report.accept(MirrorInventory.FILE + ": lists blob " + b.digest() + ", which no image of the bundle names");
            }
        }
        for (MirrorInventory.Image i : inv.images()) {
            Digest d = named.get(normalised(i.name()));
            if (d == null) {
                report.accept(MirrorInventory.FILE + ": image " + i.name() + " is not in index.json");
            } else if (!d.equals(i.digest())) {
                report.accept(MirrorInventory.FILE + ": image " + i.name() + " is " + i.digest().shortHex() + " there, "
                        + d.shortHex() + " in index.json");
            }
        }
        if (inv.images().size() != named.size()) {
            report.accept(MirrorInventory.FILE + ": lists " + inv.images().size() + " images, index.json names " + named.size());
        }
    }

    /** The list, offline: every image it names is there (by digest where it pins one), and nothing it does not name. */
    private static void checkList(ImageList list, Map<String, Digest> named, Set<Digest> reached, Optional<MirrorInventory> inventory,
                                  Consumer<String> report) {
        Set<String> asked = new java.util.HashSet<>();
        for (ListedImage entry : list.images()) {
            String where = list.file() + ":" + entry.line();
            if (!entry.location().startsWith("docker://") && entry.as().isEmpty()) {
                // a local source: its images are known by where they came from
                List<String> from = inventory.map(inv -> inv.images().stream().filter(i -> i.source().equals(entry.location()))
                        .map(i -> normalised(i.name())).toList()).orElse(List.of());
                if (from.isEmpty()) {
                    report.accept(where + ": no image of the bundle came from " + entry.location());
                }
                asked.addAll(from);
                continue;
            }
            String ref = entry.as().orElse(entry.location().substring("docker://".length()));
            switch (entry.tags().kind()) {
                case AS_GIVEN -> expect(where, ref.contains("@") || ImageName.isTagged(ref) ? ref : ref + ":latest", named, asked, report);
                case LISTED -> entry.tags().listed().forEach(t ->
                        expect(where, ref + (t.startsWith("sha256:") ? "@" : ":") + t, named, asked, report));
                default -> {
                    String repository = ImageName.parse(ref).fullRepository();
                    List<String> tags = new ArrayList<>();
                    for (String n : named.keySet()) {
                        if (ImageName.isValid(n) && ImageName.parse(n).fullRepository().equals(repository) && ImageName.parse(n).tag() != null
                                && entry.tags().pattern().map(p -> p.matcher(ImageName.parse(n).tag()).find()).orElse(true)) {
                            tags.add(n);
                        }
                    }
                    if (tags.isEmpty()) {
                        report.accept(where + ": no tag of " + ref + (entry.tags().pattern().map(p -> " matching '" + p.pattern() + "'").orElse(""))
                                + " is in the bundle");
                    }
                    asked.addAll(tags);
                }
            }
        }
        for (String n : named.keySet()) {
            if (!asked.contains(n) && !isCosignCompanion(n, reached)) {
                report.accept(list.file() + ": the bundle holds " + n + ", which the list does not ask for");
            }
        }
    }

    /** {@code repo:sha256-<hex>.sig} (or .att, .sbom) of an image the bundle holds: carried with it, not asked for by name. */
    private static boolean isCosignCompanion(String name, Set<Digest> reached) {
        if (!ImageName.isValid(name)) {
            return false;
        }
        String tag = ImageName.parse(name).tag();
        if (tag == null || !dev.ociconv.registry.CosignTags.isCosignTag(tag)) {
            return false;
        }
        String hex = tag.substring("sha256-".length(), tag.lastIndexOf('.'));
        return reached.stream().anyMatch(d -> d.hex().equals(hex)); // a root, or an image of its index (signed with --recursive)
    }

    private static void expect(String where, String ref, Map<String, Digest> named, Set<String> asked, Consumer<String> report) {
        String n = normalised(ref);
        asked.add(n);
        if (!named.containsKey(n)) {
            report.accept(where + ": " + ref + " is not in the bundle");
            return;
        }
        ImageName parsed = ImageName.parse(ref);
        if (parsed.digest() != null && parsed.tag() == null && !parsed.digest().equals(named.get(n))) {
            report.accept(where + ": " + ref + " is " + named.get(n) + " in the bundle");
        }
    }
}
