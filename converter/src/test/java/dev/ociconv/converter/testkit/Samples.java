package dev.ociconv.converter.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shared corpus of real image archives ({@code shared/samples}): found at
 * {@code $OCICONV_SAMPLES}, else by walking up from the working directory to a directory that
 * has {@code shared/samples}. Tests that need it are skipped, with the reason, when it is absent.
 */
public final class Samples {
    private Samples() {
    }

    /** The corpus root, or null when not found. */
    public static Path root() {
        String env = System.getenv("OCICONV_SAMPLES");
        if (env != null && !env.isEmpty() && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The legacy {@code docker save} archives of the corpus that Docker itself wrote: what
     * ociconv must write back byte for byte.
     */
    public static Stream<String> dockerWrittenLegacy() {
        return Stream.of(
                "legacy-almostempty-docker113/almostempty.tar",
                "legacy-busybox-docker19/busybox-docker.tar",
                "legacy-multiimage-symlinked-layer/test_link.tar",
                "podman-e2e-docker-archives-xz/docker-name-only.tar.xz",
                "podman-e2e-docker-archives-xz/docker-registry-name.tar.xz",
                "podman-e2e-docker-archives-xz/docker-two-images.tar.xz",
                "podman-e2e-docker-archives-xz/docker-two-names.tar.xz",
                "podman-e2e-docker-archives-xz/docker-unnamed.tar.xz");
    }

    /** A file of the corpus; skips the calling test when the corpus is absent. */
    public static Path sample(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null, "samples corpus not found at $OCICONV_SAMPLES or ../shared/samples");
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "samples corpus not found at " + p);
        return p;
    }
}
