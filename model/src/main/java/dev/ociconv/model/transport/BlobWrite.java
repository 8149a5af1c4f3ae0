package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
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

    /**
     * What a sink stored once it wrote this blob: the digest and size of the bytes written, checked
     * against what was expected. Every sink's {@code putBlob} ends here, so every sink refuses a
     * wrong blob with the same words.
     *
     * @param what the blob as messages name it (where it was written, which blob)
     */
    public StoredBlob checkWritten(Digest digest, long size, String what) throws DigestMismatchException {
        if (expectedDigest != null && !expectedDigest.equals(digest)) {
            throw new DigestMismatchException(what + ": digest " + digest + ", expected " + expectedDigest);
        }
        if (expectedSize >= 0 && expectedSize != size) {
            throw new DigestMismatchException(what + ": size " + size + " bytes, expected " + expectedSize);
        }
        return new StoredBlob(digest, size);
    }

    /** A blob whose content verifies itself against {@code digest} (see {@link #contentVerified}). */
    public static BlobWrite verified(MediaType mediaType, Digest digest, long expectedSize, BlobContent content) {
        return new BlobWrite(mediaType, Objects.requireNonNull(digest), expectedSize, content, true);
    }
}
