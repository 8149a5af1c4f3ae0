package dev.ociconv.model.digest;

import dev.ociconv.model.content.Streams;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Passes bytes through while checking them against an expected digest and size.
 *
 * <p>Reading past the expected size fails at once (a hostile source cannot make us read forever);
 * at EOF the size and digest are compared and a {@link DigestMismatchException} is thrown on any
 * difference. A size of {@code -1} means "not known": only the digest is checked. Callers must
 * drain the stream to EOF before trusting the bytes; {@link #close()} does not verify.
 */
public class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        this.in = Objects.requireNonNull(in);
        this.expected = Objects.requireNonNull(expected);
        this.expectedSize = expectedSize;
        this.what = what;
        this.hasher = expected.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        return Streams.readOneByte(this);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = in.read(buf, off, len);
        if (n < 0) {
            verifyAtEof();
            return -1;
        }
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new DigestMismatchException(what + ": more than the expected " + expectedSize + " bytes");
        }
        hasher.update(buf, off, n);
        return n;
    }

    private void verifyAtEof() throws IOException {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new DigestMismatchException(
                    what + ": size " + count + " bytes, expected " + expectedSize + " (truncated)");
        }
        Digest actual = Digest.of(expected.algorithm(), hasher.digest());
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(what + ": digest " + actual + ", expected " + expected);
        }
        verified = true;
    }

    /** Reads to EOF (verifying) and returns the number of bytes seen. */
    public long drain() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) {
            // keep reading: verification happens at EOF
        }
        return count;
    }

    public boolean verified() {
        return verified;
    }

    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
