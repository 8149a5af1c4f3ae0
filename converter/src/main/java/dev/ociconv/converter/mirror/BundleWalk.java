package dev.ociconv.converter.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a set of root descriptors reaches in a source: indexes' children, manifests' config
 * and layers (an artifact's too), each blob once, read generically so that any manifest counts.
 * Documents are resolved as a copy resolves them (verified, capped, held to the one manifest policy); what is
 * missing or wrong is told to {@code problems} and the walk goes on (verify lists them all).
 */
final class BundleWalk {
    private final ImageSource source;
    private final Consumer<String> problems;
    private final Map<Digest, MirrorInventory.Blob> blobs = new LinkedHashMap<>();
    private final Map<Digest, String> missing = new LinkedHashMap<>();
    private final Map<Digest, Digest> subjects = new LinkedHashMap<>();
    private final Map<Digest, String> where = new LinkedHashMap<>();

    private BundleWalk(ImageSource source, Consumer<String> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The blobs {@code roots} reach, in the order met; documents absent or unreadable go to {@code problems}. */
    static BundleWalk of(ImageSource source, List<Descriptor> roots, Consumer<String> problems) {
        BundleWalk w = new BundleWalk(source, problems);
        for (Descriptor root : roots) {
            w.document(root, 0, "image " + root.digest().shortHex());
        }
        return w;
    }

    Map<Digest, MirrorInventory.Blob> blobs() {
        return blobs;
    }

    /** Each document that names a {@code subject} (a referrer), with that subject. */
    Map<Digest, Digest> subjects() {
        return subjects;
    }

    /** Where each blob was first met ({@code image 1a2b3c > 4d5e6f layer 2}), for messages. */
    String whereOf(Digest blob) {
        return where.getOrDefault(blob, "?");
    }

    /** Documents (manifests, indexes) named but absent, with where they were named. */
    Map<Digest, String> missingDocuments() {
        return missing;
    }

    private void document(Descriptor d, int depth, String where) {
        if (blobs.containsKey(d.digest())) {
            return;
        }
        blobs.put(d.digest(), new MirrorInventory.Blob(d.digest(), d.size(), false));
        this.where.put(d.digest(), where);
        if (depth > Limits.MAX_INDEX_DEPTH) {
            problems.accept(where + ": indexes nested more than " + Limits.MAX_INDEX_DEPTH + " deep");
            return;
        }
        if (d.size() > Limits.DEFAULT.maxManifestBytes()) {
            problems.accept(where + ": " + d.digest().shortHex() + " is " + d.size() + " bytes, more than a manifest may be");
            return;
        }
        JsonNode doc;
        try {
            // resolved as any copy resolves it: the one manifest policy, the source's own way to fetch manifests
            var raw = source.resolve(d).document();
            if (raw.isEmpty()) {
                problems.accept(where + ": " + d.digest().shortHex() + " is stored without a manifest");
                return;
            }
            doc = Json.parseTree(raw.get().bytes(), source.description() + ": " + d.digest());
        } catch (BlobNotFoundException | java.nio.file.NoSuchFileException e) {
            missing.put(d.digest(), where);
            return;
        } catch (IOException e) {
            problems.accept(where + ": " + e.getMessage());
            return;
        }
        JsonNode subject = doc.get("subject");
        if (subject != null && Digest.isValid(subject.path("digest").asText(""))) {
            subjects.put(d.digest(), Digest.parse(subject.get("digest").asText()));
        }
        if (doc.has("manifests")) {
            int i = 0;
            for (JsonNode child : doc.get("manifests")) {
                Descriptor c = descriptor(child, where + " entry " + i++);
                if (c != null) {
                    document(c, depth + 1, where + " > " + c.digest().shortHex());
                }
            }
            return;
        }
        Descriptor config = doc.has("config") ? descriptor(doc.get("config"), where + " config") : null;
        if (config != null && blobs.putIfAbsent(config.digest(), new MirrorInventory.Blob(config.digest(), config.size(), false)) == null) {
            this.where.put(config.digest(), where + " config");
        }
        int i = 0;
        for (JsonNode layer : doc.path("layers")) {
            Descriptor l = descriptor(layer, where + " layer " + i++);
            if (l != null && blobs.putIfAbsent(l.digest(), new MirrorInventory.Blob(l.digest(), l.size(), true)) == null) {
                this.where.put(l.digest(), where + " layer " + (i - 1));
            }
        }
    }

    private Descriptor descriptor(JsonNode n, String where) {
        String digest = n.path("digest").asText("");
        JsonNode size = n.get("size");
        if (!Digest.isValid(digest) || size == null || !size.canConvertToLong() || size.asLong() < 0) {
            problems.accept(where + ": a descriptor without a valid digest and size");
            return null;
        }
        String type = n.path("mediaType").asText("");
        return new Descriptor(type.isEmpty() ? MediaType.OCI_MANIFEST : new MediaType(type), Digest.parse(digest), size.asLong());
    }

}
