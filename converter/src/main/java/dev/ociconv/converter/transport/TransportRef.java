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
 * @param transport the transport
 * @param location  path (or registry reference for {@code docker://})
 * @param reference the part after the path: a name, tag, ref or {@code @N}; empty when absent
 */
public record TransportRef(Transport transport, String location, Optional<String> reference) {

    public TransportRef {
        Objects.requireNonNull(transport);
        Objects.requireNonNull(location);
        Objects.requireNonNull(reference);
        if (location.isEmpty()) {
            throw new IllegalArgumentException("missing path in '" + transport.prefix() + "'");
        }
    }

    /** Parses a transport string; a string without a known prefix is a path whose format is detected. */
    public static TransportRef parse(String text) {
        Objects.requireNonNull(text);
        for (Transport t : Transports.ALL) {
            if (text.startsWith(t.prefix())) {
                TransportRef ref = t.parse(text.substring(t.prefix().length()));
                return t instanceof RegistryTransport ? ref : new TransportRef(t, volumes(ref.location()), ref.reference());
            }
        }
        String location = volumes(text);
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(location))) {
            checkNotAMistypedLocation(location);
        }
        return new TransportRef(PathTransport.DETECT, location, Optional.empty());
    }

    /** A split archive named by a quoted glob of its volumes, by its first volume ({@link dev.ociconv.converter.io.ArchiveFiles#volumeGlob}). */
    private static String volumes(String location) {
        try {
            return dev.ociconv.converter.io.ArchiveFiles.volumeGlob(location);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A plain path whose format is read from its content (or {@code -}, standard input). */
    public static TransportRef path(String location) {
        return new TransportRef(PathTransport.DETECT, location, Optional.empty());
    }

    /** True for a plain path (no transport prefix). */
    public boolean isPath() {
        return transport == PathTransport.DETECT;
    }

    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(.*)");
    private static final java.util.regex.Pattern REGISTRY_LIKE =
            java.util.regex.Pattern.compile("(localhost|[^/:]+\\.[^/:]+|[^/:]+:\\d+)(:\\d+)?/.+");
    private static final List<String> SUPPORTED = Transports.prefixes();
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
        return isPath() && location.equals("-");
    }

    @Override
    public String toString() {
        return transport.format(this);
    }
}
