package dev.ociconv.model.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts every byte read through it. Stack several to get several digests in one pass. */
public class DigestingInputStream extends FilterInputStream {
    private final MessageDigest hasher;
    private final String algorithm;
    private long count;

    public DigestingInputStream(InputStream in) {
        this(in, Digest.SHA256);
    }

    public DigestingInputStream(InputStream in, String algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.hasher = Digest.newMessageDigest(algorithm);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hasher.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            hasher.update(buf, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes out of the digest: read them instead.
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Number of bytes read so far. */
    public long count() {
        return count;
    }

    /** The digest of everything read; call once, after EOF. */
    public Digest digest() {
        return Digest.of(algorithm, hasher.digest());
    }
}
