package dev.ociconv.converter.fs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared samples corpus: {@code OCICONV_SAMPLES}, else a {@code shared/samples} up from the working dir. */
final class Samples {
    private Samples() {
    }

    static Path root() {
        String env = System.getenv("OCICONV_SAMPLES");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("../../shared/samples");
    }
}
