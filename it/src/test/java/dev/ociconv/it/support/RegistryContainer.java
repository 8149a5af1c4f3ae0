package dev.ociconv.it.support;

import dev.ociconv.registry.testing.LocalRegistry;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * registry:2 as a container, through Testcontainers: {@link RegistryImage} on the host network
 * (no bridge exists on the test engine), listening on a free {@code 127.0.0.1} port that its
 * config names. The config, its storage and any certificate or htpasswd file it names are under
 * the temp directory, which is bind-mounted at the same path, so the container reads the same
 * config file as the process would and a test can look at the storage.
 */
final class RegistryContainer implements RegistryServer {
    private final GenericContainer<?> container;
    private final Path root;
    private final int port;
    private final boolean tls;

    private RegistryContainer(GenericContainer<?> container, Path root, int port, boolean tls) {
        this.container = container;
        this.root = root;
        this.port = port;
        this.tls = tls;
    }

    static RegistryContainer start(String httpExtra, String topExtra, boolean tls) throws IOException {
        RegistryImage.ensureLoaded();
        Path root = Files.createTempDirectory("ociconv-registry-");
        int port = LocalRegistry.freePort();
        Path config = LocalRegistry.writeConfig(root, port, httpExtra, topExtra);
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(RegistryImage.NAME))
                .withNetworkMode("host")
                .withFileSystemBind(tmp, tmp, BindMode.READ_WRITE)
                .withFileSystemBind(root.toString(), root.toString(), BindMode.READ_WRITE)
                .withCommand("serve", config.toString())
                .waitingFor(new Answers(port, tls))
                .withStartupTimeout(Duration.ofSeconds(60));
        try {
            c.start();
        } catch (RuntimeException e) {
            String logs = c.isCreated() ? c.getLogs() : "";
            c.stop();
            throw new IOException("registry container " + RegistryImage.NAME + " did not start: " + e.getMessage() + " " + logs, e);
        }
        return new RegistryContainer(c, root, port, tls);
    }

    /** Ready when the registry answers on its port (the container has no mapped ports on the host network). */
    private static final class Answers extends AbstractWaitStrategy {
        private final int port;
        private final boolean tls;

        Answers(int port, boolean tls) {
            this.port = port;
            this.tls = tls;
        }

        @Override
        protected void waitUntilReady() {
            Instant deadline = Instant.now().plus(startupTimeout);
            while (Instant.now().isBefore(deadline)) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("the registry container exited: " + waitStrategyTarget.getLogs());
                }
                if (LocalRegistry.answers(port, tls)) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            throw new IllegalStateException("registry on port " + port + " did not answer within " + startupTimeout.toSeconds() + " s");
        }
    }

    @Override
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return (tls ? "https://" : "http://") + hostPort();
    }

    @Override
    public Path storage() {
        return root.resolve("storage");
    }

    @Override
    public String log() {
        String s = container.getLogs();
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    @Override
    public String describe() {
        return "container " + RegistryImage.NAME + " " + container.getContainerId().substring(0, 12);
    }

    @Override
    public void close() throws IOException {
        container.stop();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
