package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a sink writes a {@link BlobWrite}'s content through: it counts the bytes and knows their
 * digest, computing it only when the content does not verify itself
 * ({@link BlobWrite#contentVerified()}). Checking digest and size against the write stays the sink's.
 */
public final class BlobOutput extends FilterOutputStream {
    private final DigestingOutputStream hashing;
    private final Digest verified;
    private long count;

    private BlobOutput(OutputStream out, BlobWrite write) {
        super(out);
        if (write.contentVerified()) {
            this.hashing = null;
            this.verified = write.expectedDigest();
        } else {
            String algorithm = write.expectedDigest() == null ? Digest.SHA256 : write.expectedDigest().algorithm();
            this.hashing = new DigestingOutputStream(OutputStream.nullOutputStream(), algorithm);
            this.verified = null;
        }
    }

    /** Writes {@code write}'s content into {@code out} (which stays open) and returns what was written. */
    public static BlobOutput writeInto(OutputStream out, BlobWrite write) throws IOException {
        BlobOutput o = new BlobOutput(out, write);
        write.content().writeTo(o);
        o.flush();
        return o;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (hashing != null) {
            hashing.write(b, off, len);
        }
        count += len;
    }

    @Override
    public void close() throws IOException {
        flush(); // the stream underneath is the sink's to close
    }

    public long count() {
        return count;
    }

    /** The digest of what was written: the verified one, or the one computed while writing. */
    public Digest digest() {
        return hashing != null ? hashing.digest() : verified;
    }
}
