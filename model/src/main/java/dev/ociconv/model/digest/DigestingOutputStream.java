package dev.ociconv.model.digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts every byte written through it: the digest of an output is known when it is written. */
public class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest hasher;
    private final String algorithm;
    private long count;

    public DigestingOutputStream(OutputStream out) {
        this(out, Digest.SHA256);
    }

    public DigestingOutputStream(OutputStream out, String algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.hasher = Digest.newMessageDigest(algorithm);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hasher.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        hasher.update(b, off, len);
        count += len;
    }

    public long count() {
        return count;
    }

    /** The digest of everything written; call once, at the end. */
    public Digest digest() {
        return Digest.of(algorithm, hasher.digest());
    }
}
