package dev.ociconv.model.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.spec.Descriptor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The referrers of a manifest in a local source (an OCI layout or archive, the OCI part of a
 * docker save): every top-level entry whose manifest or index names it as {@code subject}. This
 * is the convention oras writes (a referrer is an entry of {@code index.json}, usually without
 * a name). An entry named {@code sha256-<hex>} (the registry fallback tag's index, as a layout
 * copied from a registry, or regclient's early layouts, hold it) lists referrers too. A registry
 * answers the same question with its referrers API instead.
 */
public final class ReferrerScan {
    private ReferrerScan() {
    }

    /** A manifest or index that has a {@code subject}, as a referrers index lists it. */
    public record Referrer(Digest subject, Descriptor descriptor) {
    }

    /**
     * The document as a referrer: its subject's digest, and its descriptor carrying its
     * {@code artifactType} (the document's, else its config's media type) and its annotations;
     * empty when it has no subject.
     */
    public static Optional<Referrer> referrer(RawDocument doc, String what) throws IOException {
        JsonNode tree = Json.parseTree(doc.bytes(), what);
        JsonNode s = tree.path("subject").path("digest");
        if (!s.isTextual() || !Digest.isValid(s.asText())) {
            return Optional.empty();
        }
        String artifactType = tree.path("artifactType").isTextual() ? tree.path("artifactType").asText()
                : tree.path("config").path("mediaType").isTextual() ? tree.path("config").path("mediaType").asText() : null;
        Map<String, String> annotations = new LinkedHashMap<>();
        tree.path("annotations").fields().forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
        return Optional.of(new Referrer(Digest.parse(s.asText()),
                new Descriptor(doc.mediaType(), doc.digest(), doc.size(), null, annotations, null, null, artifactType)));
    }

    /**
     * The referrers of {@code subject}, as descriptors carrying their {@code artifactType} (the
     * manifest's, else its config's media type) and the manifest's annotations, as a referrers
     * index lists them.
     */
    public static List<Descriptor> of(ImageSource source, Digest subject) throws IOException {
        List<Descriptor> out = new ArrayList<>();
        String fallbackTag = subject.algorithm() + "-" + subject.hex();
        for (SourceEntry e : source.entries()) {
            Descriptor root = e.root();
            if (root.mediaType().isIndex() && e.names().stream().anyMatch(n -> n.equals(fallbackTag) || n.endsWith(":" + fallbackTag))) {
                // the registry fallback tag's index, as a layout copied from a registry (or regclient) holds it
                if (source.resolve(root) instanceof IndexNode tagged) {
                    for (Descriptor d : tagged.index().manifests()) {
                        if (out.stream().noneMatch(o -> o.digest().equals(d.digest()))) {
                            out.add(d);
                        }
                    }
                }
                continue;
            }
            if (!root.mediaType().isManifest() && !root.mediaType().isIndex()) {
                continue; // a legacy archive's config: no manifest, no subject
            }
            if (out.stream().anyMatch(d -> d.digest().equals(root.digest()))) {
                continue; // listed twice (two names for one manifest)
            }
            RawDocument doc = source.resolve(root).document().orElse(null);
            if (doc == null) {
                continue;
            }
            Optional<Referrer> r = referrer(doc, source.description() + ": " + root.digest());
            if (r.isPresent() && r.get().subject().equals(subject)) {
                out.add(r.get().descriptor());
            }
        }
        return out;
    }
}
