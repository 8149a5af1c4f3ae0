package dev.ociconv.it.support;

import dev.ociconv.registry.testing.LocalRegistry;

import java.io.IOException;
import java.nio.file.Path;

/** The registry program ({@code /usr/bin/docker-registry}) as a process: for machines without Docker. */
final class RegistryProcess implements RegistryServer {
    private final LocalRegistry registry;

    private RegistryProcess(LocalRegistry registry) {
        this.registry = registry;
    }

    static boolean isAvailable() {
        return LocalRegistry.isAvailable();
    }

    static RegistryProcess start(String httpExtra, String topExtra, boolean tls) throws IOException {
        return new RegistryProcess(LocalRegistry.start(httpExtra, topExtra, tls));
    }

    @Override
    public String hostPort() {
        return registry.hostPort();
    }

    @Override
    public int port() {
        return registry.port();
    }

    @Override
    public String url() {
        return registry.url();
    }

    @Override
    public Path storage() {
        return registry.storage();
    }

    @Override
    public String log() {
        return registry.log();
    }

    @Override
    public String describe() {
        return "process " + LocalRegistry.BINARY;
    }

    @Override
    public void close() throws IOException {
        registry.close();
    }
}
