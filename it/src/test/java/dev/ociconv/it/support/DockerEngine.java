package dev.ociconv.it.support;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine of the tests: the private daemon {@code it/docker/start.sh} starts
 * ({@code DOCKER_HOST}), reached through Testcontainers' client and the {@code docker} command.
 * Where {@code OCICONV_REQUIRE_DOCKER=1} (CI sets it), an engine that cannot be reached fails the
 * tests that need it instead of skipping them.
 */
public final class DockerEngine {
    public static final String REQUIRE = "OCICONV_REQUIRE_DOCKER";
    /** {@code process} forces the registry process even where Docker runs (for comparing the two). */
    public static final String REGISTRY_MODE = "OCICONV_TEST_REGISTRY_MODE";

    private static Boolean available;

    private DockerEngine() {
    }

    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE)) || "true".equalsIgnoreCase(System.getenv(REQUIRE));
    }

    /** True when the engine answers; where it is required and does not, an error that says how to start it. */
    public static synchronized boolean available() {
        if (available == null) {
            boolean ok;
            try {
                ok = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                        ? DockerClientFactory.instance().isDockerAvailable() : false;
            } catch (RuntimeException e) {
                ok = false;
            }
            available = ok;
        }
        if (!available && required()) {
            throw new IllegalStateException(REQUIRE + " is set but no Docker engine answers at DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + "; start one with: eval \"$(it/docker/start.sh)\"");
        }
        return available;
    }

    /** Testcontainers' client of the engine. */
    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** The {@code docker} command: Debian's client of the same version as the engine where present. */
    public static String command() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    /** What a {@code docker} command printed. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("docker failed with " + exit + ": " + err + out);
            }
            return this;
        }
    }

    /** Runs {@code docker ARGS} against the engine (classic builder: BuildKit would need images it cannot pull). */
    public static Result docker(Path work, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "docker-out-", ".txt");
        Path err = Files.createTempFile(work, "docker-err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("DOCKER_CONFIG", Files.createDirectories(work.resolve("docker-config")).toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("docker " + String.join(" ", args) + " did not finish within 300 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
