package dev.ociconv.it.support;

import org.junit.jupiter.api.Assumptions;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry of one test class: the one {@code OCICONV_TEST_REGISTRY} names ({@code host:port},
 * plain http, shared and left running), else a {@link RegistryServer} (the registry:2 container,
 * or the registry process without Docker) started for the class and stopped by {@link #close()}. Repositories of a shared registry get a per-run prefix so tests never see each other's
 * images on a shared registry. ociconv is run without {@code --tls-verify=false}, as users run it:
 * an external registry must be on loopback (plain http) or have a trusted certificate.
 *
 * <pre>@BeforeAll static void up() throws IOException { registry = TestRegistry.start(); }
 * @AfterAll static void down() throws IOException { registry.close(); }</pre>
 */
public final class TestRegistry implements Closeable {
    public static final String ENV = "OCICONV_TEST_REGISTRY";

    private final String hostPort;
    private final RegistryServer local;
    private final String prefix;

    private TestRegistry(String hostPort, RegistryServer local) {
        this.hostPort = hostPort;
        this.local = local;
        // a registry of our own is empty: names stay as the test writes them
        this.prefix = local != null ? "" : "it" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /** Uses {@code $OCICONV_TEST_REGISTRY} or starts a local one; skips the class when neither is possible. */
    public static TestRegistry start() throws IOException {
        String external = System.getenv(ENV);
        if (external != null && !external.isBlank()) {
            return new TestRegistry(external.strip().replaceFirst("^(https?|docker)://", "").replaceFirst("/+$", ""), null);
        }
        Assumptions.assumeTrue(RegistryServers.isAvailable(), "no registry: no Docker engine answers, "
                + "/usr/bin/docker-registry is not installed (apt-get install docker-registry) and " + ENV + " is not set");
        RegistryServer r = RegistryServers.start();
        return new TestRegistry(r.hostPort(), r);
    }

    /** {@code host:port}. */
    public String hostPort() {
        return hostPort;
    }

    /** A repository name unique to this run: {@code NAME}, or {@code itXXXXXXXX/NAME} on a shared registry. */
    public String repository(String name) {
        return prefix + name;
    }

    /** True when the registry is ours (started for this class, at 127.0.0.1). */
    public boolean isLocal() {
        return local != null;
    }

    /** {@code host:port/[itXXXXXXXX/]REPO_AND_TAG}. */
    public String ref(String repositoryAndTag) {
        return hostPort + "/" + repository(repositoryAndTag);
    }

    /** {@code docker://host:port/[itXXXXXXXX/]REPO_AND_TAG}, for skopeo and transport strings. */
    public String docker(String repositoryAndTag) {
        return "docker://" + ref(repositoryAndTag);
    }

    /** The registry's storage folder, when we started it ourselves. */
    public Optional<Path> storage() {
        return local == null ? Optional.empty() : Optional.of(local.storage());
    }

    /** The registry's log, for failure messages. */
    public String log() {
        return local == null ? "(external registry " + hostPort + ")" : local.log();
    }

    @Override
    public void close() throws IOException {
        if (local != null) {
            local.close();
        }
    }
}
