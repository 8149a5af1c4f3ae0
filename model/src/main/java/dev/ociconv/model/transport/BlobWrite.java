package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;

import java.util.Objects;

/**
 * A blob to store.
 *
 * @param mediaType       what it is (a sink may use it, e.g. in messages)
 * @param expectedDigest  the digest it must have, or {@code null} when only writing tells
 * @param expectedSize    the size it must have, or -1
 * @param content         the bytes
 * @param contentVerified true when the content checks itself: its {@code writeTo} fails with a
 *                        {@link dev.ociconv.model.digest.DigestMismatchException} before it returns
 *                        unless the bytes it wrote have {@code expectedDigest} (typically because they
 *                        come through a source's verifying stream, drained to its end). A sink may then
 *                        skip hashing them again: hashing is the most expensive thing a copy does, and
 *                        doing it twice on a 2 GiB layer costs two seconds of a core. The sink still
 *                        counts the bytes and checks {@code expectedSize}.
 */
public record BlobWrite(MediaType mediaType, Digest expectedDigest, long expectedSize, BlobContent content,
                        boolean contentVerified) {
    public BlobWrite {
        Objects.requireNonNull(mediaType);
        Objects.requireNonNull(content);
        if (contentVerified && expectedDigest == null) {
            throw new IllegalArgumentException("verified content needs the digest it was verified against");
        }
    }

    /** A blob the sink must hash and check itself. */
    public BlobWrite(MediaType mediaType, Digest expectedDigest, long expectedSize, BlobContent content) {
        this(mediaType, expectedDigest, expectedSize, content, false);
    }

    /** A blob whose content verifies itself against {@code digest} (see {@link #contentVerified}). */
    public static BlobWrite verified(MediaType mediaType, Digest digest, long expectedSize, BlobContent content) {
        return new BlobWrite(mediaType, Objects.requireNonNull(digest), expectedSize, content, true);
    }
}
