package dev.ociconv.converter.transport;

/** The forms an image lives in, by their skopeo-style transport prefix. */
public enum TransportKind {
    /** {@code docker-archive:PATH[:NAME:TAG|:@N]}: a {@code docker save} tarball (legacy form). */
    DOCKER_ARCHIVE("docker-archive"),
    /** {@code docker25:PATH[:NAME:TAG]}: a tarball in Docker 25+'s form (OCI layout plus manifest.json). */
    DOCKER25_ARCHIVE("docker25"),
    /** {@code oci:DIR[:REF]}: an OCI image layout directory. */
    OCI("oci"),
    /** {@code oci-archive:PATH[:REF]}: an OCI image layout in a tar. */
    OCI_ARCHIVE("oci-archive"),
    /** {@code docker://REF}: a registry. */
    REGISTRY("docker"),
    /** A plain path or {@code -}: the format is read from the content. */
    DETECT("");

    private final String prefix;

    TransportKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The file forms a {@code --to} option names: oci, oci-archive, docker-archive, docker25. */
    public static TransportKind outputForm(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "oci" -> OCI;
            case "oci-archive" -> OCI_ARCHIVE;
            case "docker-archive" -> DOCKER_ARCHIVE;
            case "docker25" -> DOCKER25_ARCHIVE;
            default -> throw new IllegalArgumentException("unknown --to '" + name
                    + "': expected oci, oci-archive, docker-archive or docker25");
        };
    }
}
