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

    /** A top-level image: a single manifest, or an index with one entry per platform. */
    @JsonPropertyOrder({"position", "names", "mediaType", "digest", "platforms"})
    public record ImageInfo(int position, List<String> names, String mediaType, Digest digest,
                            List<PlatformImage> platforms) {
        public ImageInfo {
            names = List.copyOf(names);
            platforms = List.copyOf(platforms);
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
