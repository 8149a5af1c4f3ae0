package dev.ociconv.model.spec;

/** Annotation keys we read or write. */
public final class Annotations {
    /** image-spec: the reference name of an image in an OCI layout's index.json. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** containerd and Docker 25+: the full image name in an OCI layout's index.json. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
    public static final String CREATED = "org.opencontainers.image.created";
    /** BuildKit: what an index entry is beside the images ({@code attestation-manifest}). */
    public static final String BUILDKIT_REFERENCE_TYPE = "vnd.docker.reference.type";
    /** BuildKit: the image manifest an attestation manifest is about. */
    public static final String BUILDKIT_REFERENCE_DIGEST = "vnd.docker.reference.digest";
    /** ociconv: data Docker's legacy form needs that OCI lacks, carried in manifests we author. */
    public static final String OCICONV_PREFIX = "dev.ociconv.";

    private Annotations() {
    }
}
