package dev.ociconv.it.support;

import java.io.IOException;

/**
 * Starts the registry of a test class: the registry:2 container where a Docker engine answers
 * (always in CI, which requires it), else the registry process (a developer's machine without
 * Docker); {@code OCICONV_TEST_REGISTRY_MODE=process} forces the process.
 */
public final class RegistryServers {
    private RegistryServers() {
    }

    /** True when some registry can be started here (else the class skips, outside CI). */
    public static boolean isAvailable() {
        return useContainer() || RegistryProcess.isAvailable();
    }

    /** A plain-http registry. */
    public static RegistryServer start() throws IOException {
        return start("", "", false);
    }

    /**
     * A registry with extra configuration: {@code httpExtra} lines under {@code http:} (indented
     * two spaces), {@code topExtra} top-level sections; {@code tls} when it serves https.
     */
    public static RegistryServer start(String httpExtra, String topExtra, boolean tls) throws IOException {
        RegistryServer server = useContainer() ? RegistryContainer.start(httpExtra, topExtra, tls)
                : RegistryProcess.start(httpExtra, topExtra, tls);
        System.out.println("[registry] " + server.describe() + " on " + server.hostPort());
        return server;
    }

    private static boolean useContainer() {
        if ("process".equals(System.getenv(DockerEngine.REGISTRY_MODE)) && !DockerEngine.required()) {
            return false;
        }
        return DockerEngine.available();
    }
}
