package dev.ociconv.converter.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded in-memory pipe between two threads, in chunks. The JDK's PipedInputStream sleeps a
 * second whenever its buffer fills, which throttles a fast producer to a crawl; this one blocks
 * on a queue instead. Memory is bounded by {@code capacity × chunk size}.
 */
public final class ChunkPipe {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> queue;
    private final Sink sink = new Sink();
    private final Source source = new Source();
    private volatile boolean readerGone;

    public ChunkPipe(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public OutputStream sink() {
        return sink;
    }

    public InputStream source() {
        return source;
    }

    /** True once the reading side was closed: a writer may stop producing. */
    public boolean readerGone() {
        return readerGone;
    }

    private final class Sink extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0 || readerGone) {
                return; // a reader that stopped has failed on its own; the writer's result decides
            }
            put(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                put(EOF);
            }
        }

        private void put(byte[] chunk) throws IOException {
            try {
                while (!readerGone) {
                    if (queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }
    }

    private final class Source extends InputStream {
        private byte[] current;
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) {
                return -1;
            }
            if (current == null || pos == current.length) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                pos = 0;
                if (current == EOF) {
                    eof = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            readerGone = true;
            queue.clear();
        }
    }
}
