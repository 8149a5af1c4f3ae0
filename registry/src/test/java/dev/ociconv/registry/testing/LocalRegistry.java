package dev.ociconv.registry.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real registry process for tests: {@code /usr/bin/docker-registry serve CONFIG} (distribution
 * 2.x, the "registry:2" image's program) on a free {@code 127.0.0.1} port with its storage in a
 * temp directory, deletes enabled. Start it in {@code @BeforeAll}, {@link #close()} it in
 * {@code @AfterAll}. Tests without the binary should skip: see {@link #isAvailable()}.
 *
 * <pre>try (LocalRegistry r = LocalRegistry.start()) { ImageReference.parse(r.hostPort() + "/x/y:t") … }</pre>
 */
public final class LocalRegistry implements Closeable {
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("OCICONV_REGISTRY_BINARY", "/usr/bin/docker-registry"));

    private final Process process;
    private final Path root;
    private final int port;
    private final boolean tls;

    private LocalRegistry(Process process, Path root, int port, boolean tls) {
        this.tls = tls;
        this.process = process;
        this.root = root;
        this.port = port;
    }

    public static boolean isAvailable() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a plain-http registry and waits (up to 30 s) until {@code /v2/} answers. */
    public static LocalRegistry start() throws IOException {
        return start("", "", false);
    }

    /**
     * Starts a registry with extra configuration: {@code httpExtra} lines go under {@code http:}
     * (indented two spaces: {@code tls}, ...), {@code topExtra} are top-level sections ({@code auth},
     * ...). With {@code tls}, readiness is the port accepting connections (the test's own PKI
     * is not ours to trust here); otherwise {@code /v2/} answering 200, or 401 behind auth.
     */
    public static LocalRegistry start(String httpExtra, String topExtra, boolean tls) throws IOException {
        if (!isAvailable()) {
            throw new IOException("registry binary " + BINARY + " is not installed");
        }
        Path root = Files.createTempDirectory("ociconv-registry-");
        int port = freePort();
        Path config = writeConfig(root, port, httpExtra, topExtra);
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("registry.log").toFile())
                .start();
        LocalRegistry registry = new LocalRegistry(p, root, port, tls);
        try {
            registry.awaitReady(Duration.ofSeconds(30));
        } catch (IOException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /**
     * Writes {@code root/config.yml}: a registry on {@code 127.0.0.1:port} with its storage in
     * {@code root/storage}, deletes enabled, plus the extra configuration. The registry container
     * of the integration tests reads the same file.
     */
    public static Path writeConfig(Path root, int port, String httpExtra, String topExtra) throws IOException {
        Path config = root.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + root.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                "") + httpExtra + topExtra);
        return config;
    }

    /** A loopback port free now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("registry exited with " + process.exitValue() + ": " + log());
            }
            if (answers(port, tls)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry");
            }
        }
        throw new IOException("registry on port " + port + " did not answer within " + timeout.toSeconds() + " s: " + log());
    }

    /**
     * True when a registry on {@code 127.0.0.1:port} is ready: with {@code tls}, the port accepts
     * connections (the test's own PKI is not ours to trust here); otherwise {@code /v2/} answers
     * 200, or 401 behind auth.
     */
    public static boolean answers(int port, boolean tls) {
        try {
            if (tls) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    return true;
                }
            }
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200 || code == 401; // 401: a registry with auth is up too
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} (https with TLS). */
    public String url() {
        return (tls ? "https://" : "http://") + hostPort();
    }

    /** Where the registry keeps its blobs and repositories. */
    public Path storage() {
        return root.resolve("storage");
    }

    /** The registry's log so far (for failure messages). */
    public String log() {
        try {
            String s = Files.readString(root.resolve("registry.log"));
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
