package dev.ociconv.model.transport;

import java.util.Objects;

/**
 * Where a source's blobs live for others to reach: a repository of a registry. A sink on the
 * same registry can then mount a blob from there instead of having it uploaded again.
 *
 * @param registry   the registry host as the reference names it ({@code localhost:5000}, {@code docker.io})
 * @param repository the repository in it ({@code team/app})
 */
public record BlobOrigin(String registry, String repository) {
    public BlobOrigin {
        Objects.requireNonNull(registry);
        Objects.requireNonNull(repository);
    }
}
