package dev.ociconv.it.prod;

import dev.ociconv.registry.testing.LocalRegistry;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code docker-registry serve CONFIG} process with a configuration of the test's choosing
 * (TLS, client CAs, htpasswd or token auth), on a free loopback port. {@link LocalRegistry} in
 * the registry test-jar only starts the plain-http form; production registries need more.
 *
 * <pre>try (ProdRegistry r = ProdRegistry.start(dir, ProdRegistry.Config.plain().tls(...)))</pre>
 */
final class ProdRegistry implements Closeable {
    private final Process process;
    private final Path root;
    private final int port;
    private final boolean tls;

    /** YAML pieces: lines under {@code http:} (indented two spaces) and top-level sections. */
    record Config(String httpExtra, String topExtra, boolean tls) {
        static Config plain() {
            return new Config("", "", false);
        }

        /** {@code http.tls} with the server certificate (and, when {@code clientCas}, required client certificates). */
        Config tls(Path serverDir, boolean clientCas) {
            String s = "  tls:\n"
                    + "    certificate: " + serverDir.resolve("server.crt") + "\n"
                    + "    key: " + serverDir.resolve("server.key") + "\n"
                    + (clientCas ? "    clientcas:\n      - " + serverDir.resolve("ca.crt") + "\n" : "");
            return new Config(httpExtra + s, topExtra, true);
        }

        Config htpasswd(Path file) {
            return new Config(httpExtra, topExtra + "auth:\n  htpasswd:\n    realm: ociconv-test\n    path: " + file + "\n", tls);
        }

        Config token(String realm, String service, String issuer, Path rootCertBundle) {
            return new Config(httpExtra, topExtra + "auth:\n  token:\n    realm: " + realm + "\n    service: " + service
                    + "\n    issuer: " + issuer + "\n    rootcertbundle: " + rootCertBundle + "\n", tls);
        }
    }

    private ProdRegistry(Process process, Path root, int port, boolean tls) {
        this.process = process;
        this.root = root;
        this.port = port;
        this.tls = tls;
    }

    static boolean isAvailable() {
        return LocalRegistry.isAvailable();
    }

    static ProdRegistry start(Config config) throws IOException {
        Path root = Files.createTempDirectory("ociconv-prod-registry-");
        int port = freePort();
        Path file = root.resolve("config.yml");
        Files.writeString(file, "version: 0.1\n"
                + "log:\n  level: info\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + root.resolve("storage") + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n" + config.httpExtra()
                + config.topExtra());
        Process p = new ProcessBuilder(LocalRegistry.BINARY.toString(), "serve", file.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("registry.log").toFile()).start();
        ProdRegistry r = new ProdRegistry(p, root, port, config.tls());
        try {
            r.awaitListening(Duration.ofSeconds(30));
        } catch (IOException e) {
            r.close();
            throw e;
        }
        return r;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("registry exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IOException("registry on port " + port + " did not listen within " + timeout.toSeconds() + " s: " + log());
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String url() {
        return (tls ? "https://" : "http://") + hostPort();
    }

    /** The registry's storage root (what object storage would hold). */
    Path storage() {
        return root.resolve("storage");
    }

    String log() {
        try {
            String s = Files.readString(root.resolve("registry.log"));
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
