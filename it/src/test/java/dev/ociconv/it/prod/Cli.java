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

        /**
         * The manifest digest of the last {@code wrote} line (push and pull print one per image):
         * {@code wrote DEST: NAMES; manifest DIGEST; …}.
         */
        String wroteDigest() {
            java.util.regex.Pattern digest = java.util.regex.Pattern.compile("; (?:manifest|index) (sha256:[0-9a-f]{64})");
            return out.lines().filter(l -> l.startsWith("wrote ")).reduce((a, b) -> b)
                    .map(digest::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1))
                    .orElseThrow(() -> new AssertionError("no 'wrote … manifest DIGEST' line:\n" + this));
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
    private String userHome;
    private String umask;
    private Path directory;

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

    /** Java's {@code user.home} (the passwd entry's home), when it must differ from {@code $HOME}. */
    Cli userHome(Path h) {
        userHome = h.toString();
        return this;
    }

    /** Runs under this umask (octal, as the shell's {@code umask} takes it). */
    Cli umask(String octal) {
        umask = octal;
        return this;
    }

    /** The working directory (relative paths, and where a file named {@code -} would appear). */
    Cli cwd(Path dir) {
        directory = dir;
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
        return run(ociconvCommand(args), 600);
    }

    /** {@code ociconv ARGS > stdout}: standard output, bytes as they are, into a file ({@link Result#out()} is empty). */
    Result ociconvToFile(Path stdout, String... args) throws IOException {
        Path err = Files.createTempFile(work, "err-", ".txt");
        Process p = builder(ociconvCommand(args)).redirectOutput(stdout.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("ociconv did not finish within 600 s: " + Files.readString(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new Result(p.exitValue(), "", Files.readString(err));
    }

    /**
     * Starts {@code ociconv ARGS} and returns at once, for a test that signals it. SIGINT and SIGTERM
     * are reset to their defaults first: a shell that starts a job in the background makes it
     * ignore SIGINT, and that would be inherited by the JVM (coreutils' {@code env --default-signal}).
     */
    Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
        cmd.addAll(ociconvCommand(args));
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        return new Running(builder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }

    /** A started ociconv. */
    record Running(Process process, Path out, Path err) {
        /** Sends {@code SIGNAME} (INT, TERM, KILL) to the JVM. */
        void signal(String name) throws IOException, InterruptedException {
            // env(1) execs java, so the process we started is the JVM itself
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + name + " " + process.pid() + " failed");
            }
        }

        Result await(long seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("ociconv did not finish within " + seconds + " s: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    private List<String> ociconvCommand(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        if (umask != null) {
            cmd.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + (userHome != null ? userHome : home),
                "-cp", cp, "dev.ociconv.converter.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Result skopeo(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        return run(cmd, 300);
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().put("HOME", home);
        // The user's own credentials, certs and proxies must not leak into the tests.
        for (String v : List.of("REGISTRY_AUTH_FILE", "DOCKER_CONFIG", "XDG_RUNTIME_DIR", "HTTP_PROXY", "HTTPS_PROXY",
                "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "ALL_PROXY", "all_proxy")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        return pb;
    }

    private Result run(List<String> cmd, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        Process p = builder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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
