package dev.ociconv.model.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small documents into memory with a hard cap, so hostile input cannot exhaust the heap. */
public final class BoundedReads {
    private BoundedReads() {
    }

    /**
     * Reads {@code in} to EOF, failing as soon as more than {@code limit} bytes arrive.
     *
     * @throws TooLargeException when the stream holds more than {@code limit} bytes
     */
    public static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 8192));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                throw new TooLargeException(what + ": larger than the limit of " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The same, with the size announced up front (a header or descriptor) checked first. */
    public static byte[] readAtMost(InputStream in, long announcedSize, long limit, String what) throws IOException {
        if (announcedSize > limit) {
            throw new TooLargeException(what + ": " + announcedSize + " bytes, larger than the limit of " + limit);
        }
        return readAtMost(in, limit, what);
    }

    /** A document or stream over one of the {@link Limits}. */
    public static class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }
}
