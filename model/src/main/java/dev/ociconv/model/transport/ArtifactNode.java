package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest that is not a runnable image: a signature, an SBOM, an attestation, an oras or
 * regclient artifact (OCI image-spec 1.1 "artifacts guidance"). Its blobs mean nothing to us,
 * so they are carried byte for byte — never transcoded, unpacked or given a new manifest — and
 * the manifest is kept exactly, since its digest is what a {@code subject} or a signature names.
 *
 * @param raw      the manifest's exact bytes
 * @param manifest the manifest, parsed
 * @param why      what makes it an artifact, for messages ({@code artifactType application/…},
 *                 {@code layer 0 is application/vnd.in-toto+json}, …)
 */
public record ArtifactNode(RawDocument raw, ImageManifest manifest, String why) implements ImageNode {
    public ArtifactNode {
        Objects.requireNonNull(raw);
        Objects.requireNonNull(manifest);
        Objects.requireNonNull(why);
    }

    @Override
    public Optional<RawDocument> document() {
        return Optional.of(raw);
    }

    /**
     * What kind of artifact it is: its {@code artifactType}, else (as image-spec says for
     * manifests without one) its config's media type.
     */
    public String artifactType() {
        return manifest.artifactType() != null ? manifest.artifactType() : manifest.config().mediaType().value();
    }

    /** The manifest it refers to, when it is a referrer. */
    public Optional<Descriptor> subject() {
        return Optional.ofNullable(manifest.subject());
    }

    /** Every blob the manifest names, config first, each once (an empty config often doubles as a layer). */
    public List<Descriptor> blobs() {
        List<Descriptor> out = new ArrayList<>();
        out.add(manifest.config());
        for (Descriptor d : manifest.layers()) {
            if (out.stream().noneMatch(o -> o.digest().equals(d.digest()))) {
                out.add(d);
            }
        }
        return out;
    }
}
