package dev.ociconv.converter.transport;

import java.util.List;
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
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(text))) {
            checkNotAMistypedLocation(text);
        }
        return new TransportRef(TransportKind.DETECT, text, Optional.empty());
    }

    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(.*)");
    private static final java.util.regex.Pattern REGISTRY_LIKE =
            java.util.regex.Pattern.compile("(localhost|[^/:]+\\.[^/:]+|[^/:]+:\\d+)(:\\d+)?/.+");
    private static final List<String> SUPPORTED = List.of("docker-archive:", "docker25:", "oci:", "oci-archive:", "docker://");
    private static final java.util.Map<String, String> UNSUPPORTED = java.util.Map.of(
            "docker-daemon", "read the engine's images with 'docker save IMAGE | ociconv convert - OUT'",
            "containers-storage", "export with 'podman save' (or 'skopeo copy containers-storage:… oci:DIR') first",
            "dir", "skopeo's dir: format; write an OCI layout (oci:DIR) instead",
            "ostree", "not supported",
            "sif", "not supported",
            "tarball", "not supported");

    /**
     * A text that is no file and reads like a location of another kind is an error saying what it
     * is, not "no such file": a mistyped transport ({@code oci-archiv:x.tar}), one we do not speak
     * ({@code docker-daemon:}), or a registry reference without {@code docker://}.
     */
    private static void checkNotAMistypedLocation(String text) {
        java.util.regex.Matcher m = PREFIX.matcher(text);
        if (m.matches() && !m.group(2).matches("\\d+(/.*)?")) { // host:port/… is a registry, below
            String name = m.group(1);
            String hint = UNSUPPORTED.get(name.toLowerCase(java.util.Locale.ROOT));
            if (hint != null) {
                throw new IllegalArgumentException("transport '" + name + ":' is not supported (" + hint + "); ociconv reads and writes "
                        + String.join(", ", SUPPORTED));
            }
            String nearest = null;
            int best = 4;
            for (String known : SUPPORTED) {
                int d = distance(name.toLowerCase(java.util.Locale.ROOT), known.replace("://", "").replace(":", ""));
                if (d < best) {
                    best = d;
                    nearest = known;
                }
            }
            throw new IllegalArgumentException("unknown transport '" + name + ":'" + (nearest != null ? " (did you mean " + nearest + "?)" : "")
                    + "; the transports are " + String.join(", ", SUPPORTED) + ", or a path");
        }
        if (REGISTRY_LIKE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a file here; a registry reference needs docker:// "
                    + "(did you mean docker://" + text + "?)");
        }
    }

    /** Levenshtein distance, for "did you mean". */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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
