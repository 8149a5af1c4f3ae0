package dev.ociconv.it.support;

import java.io.Closeable;
import java.nio.file.Path;

/**
 * A registry:2 server of one test class, on {@code 127.0.0.1}: the registry:2 container started
 * through Testcontainers where a Docker engine runs ({@link RegistryContainer}), else the same
 * program as a process ({@link RegistryProcess}). {@link RegistryServers#start} picks.
 */
public interface RegistryServer extends Closeable {
    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    String hostPort();

    int port();

    /** {@code http://127.0.0.1:PORT} (https with TLS). */
    String url();

    /** Where the registry keeps its blobs and repositories (bind-mounted for the container). */
    Path storage();

    /** The registry's log so far, for failure messages. */
    String log();

    /** "container IMAGE-ID" or "process PATH", for messages. */
    String describe();
}
