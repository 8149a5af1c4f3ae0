package dev.ociconv.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * skopeo, the independent reader and writer our outputs are checked against. Registry access is
 * always without TLS verification: the test registries speak plain http on loopback.
 */
public final class Skopeo {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Skopeo() {
    }

    /** Skips the calling test when skopeo is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Processes.installed("skopeo"), "skopeo is not installed (apt-get install skopeo)");
    }

    /** {@code skopeo ARGS}, failing the test on a non-zero exit. */
    public static Processes.Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("skopeo");
        command.addAll(List.of(args));
        return Processes.run(TIMEOUT, command).ok();
    }

    /** {@code skopeo inspect --raw LOCATION}: the manifest's exact bytes. */
    public static byte[] rawManifest(String location) throws IOException {
        return run("inspect", "--tls-verify=false", "--raw", location).stdout();
    }

    /** {@code skopeo inspect --config LOCATION}: the config's exact bytes. */
    public static byte[] rawConfig(String location) throws IOException {
        return run("inspect", "--tls-verify=false", "--config", "--raw", location).stdout();
    }

    /** {@code skopeo inspect LOCATION} as JSON (Digest, Layers, Architecture, …). */
    public static JsonNode inspect(String location) throws IOException {
        return JSON.readTree(run("inspect", "--tls-verify=false", location).stdout());
    }

    /** {@code skopeo copy FROM TO}, plain http on both sides. */
    public static void copy(String from, String to, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false"));
        args.addAll(List.of(extra));
        args.add(from);
        args.add(to);
        run(args.toArray(String[]::new));
    }

    public static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }
}
