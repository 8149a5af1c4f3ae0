package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;

import java.util.Objects;

/** What a sink stored: digest and size computed from the bytes it wrote. */
public record StoredBlob(Digest digest, long size) {
    public StoredBlob {
        Objects.requireNonNull(digest);
    }
}
