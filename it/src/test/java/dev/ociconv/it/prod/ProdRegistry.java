package dev.ociconv.it.prod;

import dev.ociconv.it.support.RegistryServer;
import dev.ociconv.it.support.RegistryServers;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A real registry:2 ({@code registry serve CONFIG}: the container, or the process without Docker,
 * see {@link RegistryServers}) with a configuration of the test's choosing (TLS, client CAs,
 * htpasswd or token auth), on a free loopback port; this adds the YAML production registries need.
 *
 * <pre>try (ProdRegistry r = ProdRegistry.start(dir, ProdRegistry.Config.plain().tls(...)))</pre>
 */
final class ProdRegistry implements Closeable {
    private final RegistryServer registry;

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

    private ProdRegistry(RegistryServer registry) {
        this.registry = registry;
    }

    static boolean isAvailable() {
        return RegistryServers.isAvailable();
    }

    static ProdRegistry start(Config config) throws IOException {
        return new ProdRegistry(RegistryServers.start(config.httpExtra(), config.topExtra(), config.tls()));
    }

    String hostPort() {
        return registry.hostPort();
    }

    int port() {
        return registry.port();
    }

    String url() {
        return registry.url();
    }

    /** The registry's storage root (what object storage would hold). */
    Path storage() {
        return registry.storage();
    }

    String log() {
        return registry.log();
    }

    @Override
    public void close() throws IOException {
        registry.close();
    }
}
