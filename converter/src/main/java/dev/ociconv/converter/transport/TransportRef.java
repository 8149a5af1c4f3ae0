package dev.ociconv.converter.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * A parsed image location, as skopeo writes them:
 * <pre>
 *   docker-archive:testimage.tar            docker-archive:out.tar:testuser/testimage:v1
 *   docker-archive:multi.tar:@1             oci:layout-dir:v1
 *   oci-archive:image.tar                   docker://localhost:5000/testuser/testimage:v2
 *   ./testimage.tar   (detected)            -   (standard input, detected)
 * </pre>
 *
 * @param kind      the transport
 * @param location  path (or registry reference for {@code docker://})
 * @param reference the part after the path: a name, tag, ref or {@code @N}; empty when absent
 */
public record TransportRef(TransportKind kind, String location, Optional<String> reference) {

    public TransportRef {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(location);
        Objects.requireNonNull(reference);
        if (location.isEmpty()) {
            throw new IllegalArgumentException("missing path in '" + kind.prefix() + ":'");
        }
    }

    /** Parses a transport string; a string without a known prefix is a path whose format is detected. */
    public static TransportRef parse(String text) {
        Objects.requireNonNull(text);
        if (text.startsWith("docker://")) {
            return new TransportRef(TransportKind.REGISTRY, text.substring("docker://".length()), Optional.empty());
        }
        for (TransportKind k : new TransportKind[]{TransportKind.DOCKER_ARCHIVE, TransportKind.DOCKER25_ARCHIVE,
                TransportKind.OCI_ARCHIVE, TransportKind.OCI}) {
            String prefix = k.prefix() + ":";
            if (text.startsWith(prefix)) {
                String rest = text.substring(prefix.length());
                // As skopeo: the path ends at the first ':'; what follows is the reference.
                int colon = rest.indexOf(':');
                if (colon < 0) {
                    return new TransportRef(k, rest, Optional.empty());
                }
                String ref = rest.substring(colon + 1);
                if (ref.isEmpty()) {
                    throw new IllegalArgumentException("empty reference after '" + text.substring(0, prefix.length() + colon + 1) + "'");
                }
                return new TransportRef(k, rest.substring(0, colon), Optional.of(ref));
            }
        }
        return new TransportRef(TransportKind.DETECT, text, Optional.empty());
    }

    public boolean isStdin() {
        return kind == TransportKind.DETECT && location.equals("-");
    }

    @Override
    public String toString() {
        if (kind == TransportKind.DETECT) {
            return location;
        }
        if (kind == TransportKind.REGISTRY) {
            return "docker://" + location;
        }
        return kind.prefix() + ":" + location + reference.map(r -> ":" + r).orElse("");
    }
}
