package dev.ociconv.converter.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** skopeo, the independent reader of what builds write; tests using it are skipped where it is not installed. */
public final class Skopeo {
    private static final Path BIN = Path.of("/usr/bin/skopeo");

    private Skopeo() {
    }

    public static void assumePresent() {
        assumeTrue(Files.isExecutable(BIN), "skopeo not installed at /usr/bin/skopeo");
    }

    /** Runs skopeo and returns its output; throws with the output when it fails. */
    public static String run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN.toString(), "--insecure-policy"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "skopeo-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("skopeo timed out: " + cmd);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("skopeo " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
