package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;

import java.util.Objects;

/**
 * A blob to store.
 *
 * @param mediaType      what it is (a sink may use it, e.g. in messages)
 * @param expectedDigest the digest it must have, or {@code null} when only writing tells
 * @param expectedSize   the size it must have, or -1
 * @param content        the bytes
 */
public record BlobWrite(MediaType mediaType, Digest expectedDigest, long expectedSize, BlobContent content) {
    public BlobWrite {
        Objects.requireNonNull(mediaType);
        Objects.requireNonNull(content);
    }
}
