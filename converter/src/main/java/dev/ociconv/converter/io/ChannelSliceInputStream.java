package dev.ociconv.converter.io;

import dev.ociconv.model.content.Streams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@code length} bytes from {@code offset} of a file channel, read with positional reads, so
 * several streams over one seekable tar (one per layer, on several threads) never share a
 * file position.
 */
public final class ChannelSliceInputStream extends InputStream {
    private final FileChannel channel;
    private final boolean ownsChannel;
    private final long end;
    private long position;

    /**
     * @param ownsChannel true when closing this stream closes the channel (a channel opened for it)
     */
    public ChannelSliceInputStream(FileChannel channel, long offset, long length, boolean ownsChannel) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
        this.ownsChannel = ownsChannel;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOneByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) {
            throw new IOException("archive truncated inside an entry");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long s = Math.max(0, Math.min(n, end - position));
        position += s;
        return s;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
        if (ownsChannel) {
            channel.close();
        }
    }
}
