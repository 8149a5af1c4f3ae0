package dev.ociconv.model.content;

import java.io.IOException;
import java.io.InputStream;

/** Small things every stream of ours needs alike. */
public final class Streams {
    private Streams() {
    }

    /**
     * {@link InputStream#read()} as one call to {@code in}'s bulk {@code read}: for streams whose
     * work (verifying, counting, handing over chunks) lives in the bulk method only.
     */
    public static int readOneByte(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n = in.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** The first {@code bytes} bytes of {@code in} (fewer if it ends sooner); closing it closes {@code in}. */
    public static InputStream limited(InputStream in, long bytes) {
        return new java.io.FilterInputStream(in) {
            private long left = bytes;

            @Override
            public int read() throws IOException {
                return readOneByte(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
