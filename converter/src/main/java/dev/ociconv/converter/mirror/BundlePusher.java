package dev.ociconv.converter.mirror;

import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.ocilayout.RefNames;
import dev.ociconv.converter.transport.RegistryTransport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pushes every named image of a bundle into a registry under a prefix, as {@code skopeo sync
 * --dest docker} and regsync place them: {@code host/team/app:1.2} becomes
 * {@code REGISTRY/PREFIX/team/app:1.2} (a digest-pinned name keeps its digest and gets no tag).
 * Digests are unchanged (manifests go as they are), referrers follow their images (through the
 * referrers API or its fallback tag), several images go at once, blobs already in the target
 * repository are not sent again (and those another repository there received are mounted from
 * it: {@link MountingBundle}), so a re-run after a failure sends only what is missing.
 * A differential bundle is checked first: every layer it leaves to its base must be in the
 * repository that needs it, else nothing is pushed and one error lists what is missing.
 */
public final class BundlePusher {
    /**
     * @param destination {@code HOST[:PORT][/PREFIX]}
     * @param imageJobs   images pushed at once
     * @param options     how each image is copied (layer jobs, listener); names, platforms and referrers are set here
     */
    public record Request(OciLayoutSource bundle, String destination, int imageJobs, CopyOptions options, boolean referrers,
                          Transports.OpenContext context, Listener listener) {
        public Request {
            Objects.requireNonNull(bundle);
            Objects.requireNonNull(destination);
            if (imageJobs < 1) {
                throw new IllegalArgumentException("--jobs takes at least 1");
            }
            Objects.requireNonNull(options);
            Objects.requireNonNull(context);
            Objects.requireNonNull(listener);
        }
    }

    public interface Listener {
        void pushed(int position, int total, String name, String destination, Digest digest);

        void failed(int position, int total, String name, String destination, String error);
    }

    public record Pushed(String name, String destination, Digest digest) {
    }

    public record Report(List<Pushed> pushed, List<MirrorInventory.Failed> failed) {
    }

    /** One named image of the bundle and where it goes. */
    record Placement(int entry, String name, String destination, Descriptor root) {
    }

    private BundlePusher() {
    }

    /** Where each named image of the bundle goes under {@code destination} ({@code HOST[:PORT][/PREFIX]}). */
    static List<Placement> placements(OciLayoutSource bundle, String destination) {
        String base = destination.startsWith("docker://") ? destination.substring("docker://".length()) : destination;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            throw new IllegalArgumentException("mirror push needs a registry: HOST[:PORT][/PREFIX]");
        }
        List<Placement> out = new ArrayList<>();
        List<Descriptor> entries = bundle.index().manifests();
        for (int i = 0; i < entries.size(); i++) {
            for (String name : RefNames.namesOf(entries.get(i))) {
                if (!ImageName.isValid(name) || (!ImageName.isTagged(name) && !name.contains("@"))) {
                    throw new IllegalArgumentException(bundle.description() + ": image " + name + " has no repository name to push it"
                            + " under (name it with 'as:' in the image list)");
                }
                ImageName n = ImageName.parse(name);
                String suffix = n.tag() != null ? ":" + n.tag() : "@" + n.digest();
                String dest = base + "/" + n.repository() + suffix;
                if (!ImageName.isValid(dest)) {
                    throw new IllegalArgumentException(dest + ": not a valid image reference (check HOST[:PORT][/PREFIX])");
                }
                out.add(new Placement(i, name, dest, entries.get(i)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(bundle.description() + ": holds no named image to push");
        }
        return out;
    }

    public static Report push(Request request) throws IOException {
        List<Placement> placements = placements(request.bundle(), request.destination());
        checkBase(request, placements);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.imageJobs(), placements.size()), r -> {
            Thread t = new Thread(r, "ociconv-push-image");
            t.setDaemon(true);
            return t;
        });
        List<Pushed> pushed = new ArrayList<>();
        List<MirrorInventory.Failed> failed = new ArrayList<>();
        MountingBundle source = new MountingBundle(request.bundle());
        try {
            List<Future<Pushed>> futures = new ArrayList<>();
            for (Placement p : placements) {
                futures.add(pool.submit(() -> pushOne(request, source, p)));
            }
            for (int i = 0; i < futures.size(); i++) {
                Placement p = placements.get(i);
                try {
                    Pushed done = futures.get(i).get();
                    pushed.add(done);
                    request.listener().pushed(i + 1, placements.size(), p.name(), p.destination(), done.digest());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                    failed.add(new MirrorInventory.Failed(p.name(), message));
                    request.listener().failed(i + 1, placements.size(), p.name(), p.destination(), message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } finally {
            pool.shutdownNow();
        }
        return new Report(pushed, failed);
    }

    private static Pushed pushOne(Request request, MountingBundle source, Placement p) throws IOException {
        CopyOptions o = request.options().withImage("@" + p.entry()).withDestinationNames(List.of(p.destination()))
                .withTagNames(false).withPlatforms(PlatformChoice.ALL);
        if (request.referrers()) {
            o = o.withReferrers(Optional.empty());
        }
        try (ImageSink sink = Transports.openSink(new TransportRef(RegistryTransport.INSTANCE, p.destination(), Optional.empty()),
                request.context())) {
            ImageCopier.CopyReport r = new ImageCopier().copy(source, sink, o);
            Digest d = r.images().get(0).committed().orElse(r.images().get(0).root().digest());
            ImageReference ref = ImageReference.parse(p.destination());
            source.pushed(ref.registry(), ref.repository(),
                    BundleWalk.of(request.bundle(), List.of(p.root()), problem -> { }).blobs().keySet());
            return new Pushed(p.name(), p.destination(), d);
        }
    }

    /**
     * A differential bundle's layers left to its base must be in the repositories that need them
     * (HEAD, per repository: a registry's blobs are only reachable through a repository); if one
     * is not, nothing is pushed.
     */
    private static void checkBase(Request request, List<Placement> placements) throws IOException {
        Optional<byte[]> bytes = Bundles.inventoryBytes(request.bundle());
        if (bytes.isEmpty()) {
            return;
        }
        MirrorInventory inventory = MirrorInventory.parse(bytes.get(), request.bundle().description() + ": " + MirrorInventory.FILE);
        if (inventory.omitted().isEmpty()) {
            return;
        }
        Set<Digest> omitted = new LinkedHashSet<>();
        inventory.omitted().forEach(b -> omitted.add(b.digest()));
        Map<String, Set<Digest>> needed = new LinkedHashMap<>();
        for (Placement p : placements) {
            BundleWalk walk = BundleWalk.of(request.bundle(), List.of(p.root()), problem -> { });
            ImageReference ref = ImageReference.parse(p.destination());
            for (Digest d : walk.blobs().keySet()) {
                if (omitted.contains(d)) {
                    needed.computeIfAbsent(ref.repository(), k -> new LinkedHashSet<>()).add(d);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        int total = 0;
        ImageReference any = ImageReference.parse(placements.get(0).destination());
        try (RegistryClient client = RegistryClient.forReference(any, request.context().registry())) {
            for (Map.Entry<String, Set<Digest>> e : needed.entrySet()) {
                for (Digest d : e.getValue()) {
                    total++;
                    if (client.blobSize(e.getKey(), d).isEmpty()) {
                        missing.add(e.getKey() + "@" + d.shortHex());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(request.bundle().description() + " is a differential bundle; " + any.registry() + " lacks "
                    + missing.size() + " of the " + total + " layers it leaves to its base (" + String.join(", ",
                    missing.subList(0, Math.min(8, missing.size()))) + (missing.size() > 8 ? ", …" : "")
                    + "); push the base bundle first. Nothing was pushed");
        }
    }
}
