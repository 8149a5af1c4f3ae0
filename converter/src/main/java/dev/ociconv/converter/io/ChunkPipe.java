package dev.ociconv.converter.io;

import dev.ociconv.model.content.Streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between two threads, in chunks. The JDK's PipedInputStream sleeps a
 * second whenever its buffer fills, which throttles a fast producer to a crawl; this one blocks
 * on a queue instead. Memory is bounded by {@code capacity} chunks; the chunks' buffers go back
 * to the writer once read, so gigabytes pass through without gigabytes of garbage (with a small
 * young generation, the collections that garbage caused stopped both ends of the pipe).
 */
public final class ChunkPipe {
    private static final int DEFAULT_CHUNK = 1 << 16;

    private record Chunk(byte[] buffer, int length) {
    }

    private static final Chunk EOF = new Chunk(new byte[0], 0);

    private final BlockingQueue<Chunk> queue;
    private final BlockingQueue<byte[]> spare;
    private final int chunkSize;
    private final Sink sink = new Sink();
    private final Source source = new Source();
    private volatile boolean readerGone;

    public ChunkPipe(int capacity) {
        this(capacity, DEFAULT_CHUNK);
    }

    /** @param chunkSize the usual size of a write; larger writes are cut into chunks of this size */
    public ChunkPipe(int capacity, int chunkSize) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.spare = new ArrayBlockingQueue<>(capacity + 2);
        this.chunkSize = chunkSize;
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
            while (len > 0 && !readerGone) { // a reader that stopped has failed on its own; the writer's result decides
                int n = Math.min(len, chunkSize);
                byte[] buffer = spare.poll();
                if (buffer == null) {
                    buffer = new byte[chunkSize];
                }
                System.arraycopy(b, off, buffer, 0, n);
                put(new Chunk(buffer, n));
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                put(EOF);
            }
        }

        private void put(Chunk chunk) throws IOException {
            try {
                while (!readerGone) {
                    if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
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
        private Chunk current;
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            return Streams.readOneByte(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (current == null || pos == current.length()) {
                if (current != null) {
                    spare.offer(current.buffer());
                }
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
            int n = Math.min(len, current.length() - pos);
            System.arraycopy(current.buffer(), pos, b, off, n);
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
