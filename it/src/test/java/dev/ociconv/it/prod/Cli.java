package dev.ociconv.it.prod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ociconv} (the CLI's {@code Main}) or {@code skopeo} as a subprocess, the way a user
 * does: own HOME, PATH and environment, own heap, and its exit code and stderr as they are.
 */
final class Cli {
    /** What a run left behind. */
    record Result(int exit, String out, String err) {
        /** The stderr lines that are not JVM noise. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).toList();
        }

        /** The manifest digest of the last {@code wrote} line (push and pull print one per image). */
        String wroteDigest() {
            return out.lines().filter(l -> l.startsWith("wrote")).reduce((a, b) -> b)
                    .map(l -> l.split("\\s+")[1]).orElseThrow(() -> new AssertionError("no 'wrote' line:\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path work;
    private final Map<String, String> env = new HashMap<>();
    private String heap = "-Xmx256m";
    private String home;

    private Cli(Path work) {
        this.work = work;
    }

    /** A runner with a fresh, empty HOME under {@code work} (no stray ~/.docker/config.json). */
    static Cli in(Path work) throws IOException {
        Cli c = new Cli(work);
        c.home = Files.createDirectories(work.resolve("home")).toString();
        return c;
    }

    Cli home(Path h) {
        home = h.toString();
        return this;
    }

    Cli env(String k, String v) {
        env.put(k, v);
        return this;
    }

    Cli heap(String xmx) {
        heap = xmx;
        return this;
    }

    Result ociconv(String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home,
                "-cp", cp, "dev.ociconv.converter.cli.Main"));
        cmd.addAll(List.of(args));
        return run(cmd, 600);
    }

    Result skopeo(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        return run(cmd, 300);
    }

    private Result run(List<String> cmd, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", home);
        // The user's own credentials and certs must not leak into the tests.
        pb.environment().remove("REGISTRY_AUTH_FILE");
        pb.environment().remove("DOCKER_CONFIG");
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s: " + Files.readString(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
