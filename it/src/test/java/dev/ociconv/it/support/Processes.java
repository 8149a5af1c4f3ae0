package dev.ociconv.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer tool (skopeo, umoci) as a subprocess with a timeout. Output goes to temp files, not
 * pipes, so a chatty process can never block on a full pipe while we wait for it.
 */
public final class Processes {
    private Processes() {
    }

    /** What a finished process left. */
    public record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** This result when the exit code is 0; else an AssertionError naming the command and its stderr. */
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ": " + stderr.strip());
            }
            return this;
        }
    }

    /** Runs {@code command}, killing it (and failing) after {@code timeout}. */
    public static Result run(Duration timeout, List<String> command) throws IOException {
        Path out = Files.createTempFile("ociconv-it-out-", ".bin");
        Path err = Files.createTempFile("ociconv-it-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", command) + " did not finish within "
                            + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + command.get(0));
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** True when {@code program} is an executable on PATH (or an absolute path). */
    public static boolean installed(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
