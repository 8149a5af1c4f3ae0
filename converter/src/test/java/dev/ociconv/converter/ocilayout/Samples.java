package dev.ociconv.converter.ocilayout;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared corpus of real sample images; tests that need it are skipped, saying why, when it is absent. */
final class Samples {
    private Samples() {
    }

    static Path root() {
        String env = System.getenv("OCICONV_SAMPLES");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("../shared/samples").toAbsolutePath().normalize();
    }

    /** A file or directory of the corpus; skips the calling test when the corpus is not there. */
    static Path get(String relative) {
        Path root = root();
        Assumptions.assumeTrue(Files.isDirectory(root), "samples corpus not found at " + root);
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "samples corpus not found at " + p);
        return p;
    }
}
