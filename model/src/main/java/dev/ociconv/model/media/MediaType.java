package dev.ociconv.model.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * A media type string, kept as written so that types we do not know round-trip unchanged.
 *
 * <p>Known types are the OCI image-spec v1.1 ones and Docker's schema2 ones; see
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/media-types.md">media-types.md</a>.
 */
public record MediaType(String value) {

    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
    public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
    public static final MediaType OCI_LAYER = new MediaType("application/vnd.oci.image.layer.v1.tar");
    public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
    public static final MediaType OCI_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
    public static final MediaType OCI_FOREIGN_LAYER = new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar");
    public static final MediaType OCI_FOREIGN_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    public static final MediaType OCI_FOREIGN_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");
    public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");

    public static final MediaType DOCKER_MANIFEST = new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    public static final MediaType DOCKER_MANIFEST_LIST = new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
    public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
    public static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar");
    public static final MediaType DOCKER_LAYER_GZIP = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
    public static final MediaType DOCKER_LAYER_ZSTD = new MediaType("application/vnd.docker.image.rootfs.diff.tar.zstd");
    public static final MediaType DOCKER_FOREIGN_LAYER = new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    public static final MediaType DOCKER_SCHEMA1_SIGNED = new MediaType("application/vnd.docker.distribution.manifest.v1+prettyjws");
    public static final MediaType DOCKER_SCHEMA1 = new MediaType("application/vnd.docker.distribution.manifest.v1+json");

    public MediaType {
        Objects.requireNonNull(value, "media type");
        if (value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException("invalid media type of length " + value.length());
        }
    }

    @JsonCreator
    public static MediaType of(String value) {
        return new MediaType(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    public boolean isIndex() {
        return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
    }

    public boolean isManifest() {
        return equals(OCI_MANIFEST) || equals(DOCKER_MANIFEST);
    }

    public boolean isDocker() {
        return value.startsWith("application/vnd.docker.");
    }

    public boolean isConfig() {
        return equals(OCI_CONFIG) || equals(DOCKER_CONFIG);
    }

    /** A layer we can unpack: OCI or Docker tar, with or without compression, distributable or not. */
    public boolean isLayer() {
        return value.startsWith("application/vnd.oci.image.layer.") || value.startsWith("application/vnd.docker.image.rootfs.");
    }

    /** Non-distributable ("foreign") layers: kept by reference, their blobs may be absent. */
    public boolean isForeignLayer() {
        return value.startsWith("application/vnd.oci.image.layer.nondistributable.")
                || value.startsWith("application/vnd.docker.image.rootfs.foreign.");
    }

    /** The compression a layer type declares; NONE for types that are not layers. */
    public Compression declaredCompression() {
        if (value.endsWith("+gzip") || value.endsWith(".tar.gzip")) {
            return Compression.GZIP;
        }
        if (value.endsWith("+zstd") || value.endsWith(".tar.zstd")) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    /** The OCI layer type for a compression, foreign or not. */
    public static MediaType ociLayer(Compression c, boolean foreign) {
        return switch (c) {
            case NONE -> foreign ? OCI_FOREIGN_LAYER : OCI_LAYER;
            case GZIP -> foreign ? OCI_FOREIGN_LAYER_GZIP : OCI_LAYER_GZIP;
            case ZSTD -> foreign ? OCI_FOREIGN_LAYER_ZSTD : OCI_LAYER_ZSTD;
            default -> throw new IllegalArgumentException("no layer media type for " + c);
        };
    }

    /** The Docker schema2 layer type for a compression. Docker has one foreign type (gzip). */
    public static MediaType dockerLayer(Compression c, boolean foreign) {
        if (foreign) {
            return DOCKER_FOREIGN_LAYER;
        }
        return switch (c) {
            case NONE -> DOCKER_LAYER;
            case GZIP -> DOCKER_LAYER_GZIP;
            case ZSTD -> DOCKER_LAYER_ZSTD;
            default -> throw new IllegalArgumentException("no layer media type for " + c);
        };
    }
}
