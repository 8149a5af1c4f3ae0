package dev.ociconv.converter.inspect;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Platform;

import java.util.List;

/**
 * What {@code ociconv inspect} shows, as records (its {@code --json} output is these, serialised).
 *
 * @param source the source as named
 * @param images its top-level images, in order
 */
public record InspectReport(String source, List<ImageInfo> images) {
    public InspectReport {
        images = List.copyOf(images);
    }

    /**
     * A top-level entry: a single manifest, an index with one entry per platform, or an artifact;
     * {@code artifacts} are the signatures, SBOMs and attestations it holds or is; {@code referrers}
     * what refers to it, when asked ({@code inspect --referrers}), else null.
     */
    @JsonPropertyOrder({"position", "names", "mediaType", "digest", "platforms", "artifacts", "referrers"})
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ImageInfo(int position, List<String> names, String mediaType, Digest digest,
                            List<PlatformImage> platforms, List<ArtifactInfo> artifacts,
                            List<dev.ociconv.model.spec.Descriptor> referrers) {
        public ImageInfo {
            names = List.copyOf(names);
            platforms = List.copyOf(platforms);
            artifacts = List.copyOf(artifacts);
            referrers = referrers == null ? null : List.copyOf(referrers);
        }
    }

    /**
     * A manifest that is not an image, carried as it is.
     *
     * @param artifactType its {@code artifactType}, else its config's media type
     * @param kind         BuildKit's {@code vnd.docker.reference.type} (e.g. attestation-manifest), else null
     * @param refersTo     what it is about: its {@code subject}, or BuildKit's {@code vnd.docker.reference.digest}; else null
     * @param blobs        how many blobs it names (config and layers)
     */
    @JsonPropertyOrder({"digest", "mediaType", "size", "artifactType", "kind", "refersTo", "blobs", "annotations"})
    public record ArtifactInfo(Digest digest, String mediaType, long size, String artifactType, String kind,
                               Digest refersTo, int blobs, java.util.Map<String, String> annotations) {
        public ArtifactInfo {
            annotations = annotations == null ? java.util.Map.of() : java.util.Map.copyOf(annotations);
        }
    }

    /**
     * One image of one platform.
     *
     * @param manifestDigest null when the source holds no manifest (legacy docker save)
     * @param configDigest   the image ID
     * @param missing        why the image cannot be read (not present in a sparse export), else null
     */
    @JsonPropertyOrder({"platform", "manifestMediaType", "manifestDigest", "configDigest", "created", "layers", "missing"})
    public record PlatformImage(Platform platform, String manifestMediaType, Digest manifestDigest,
                                Digest configDigest, String created, List<LayerInfo> layers, String missing) {
        public PlatformImage {
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /**
     * One layer.
     *
     * @param digest null when only reading the layer would tell (a compressed layer in a tarball)
     * @param size   -1 when unknown
     */
    @JsonPropertyOrder({"diffId", "digest", "size", "mediaType", "urls", "present", "location"})
    public record LayerInfo(Digest diffId, Digest digest, long size, String mediaType, List<String> urls,
                            boolean present, String location) {
        public LayerInfo {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }
    }
}
