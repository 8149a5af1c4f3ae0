package dev.ociconv.converter.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The volumes of a split archive read as one file: positional reads (what the tar readers use,
 * from several threads at once) find their volume by offset. Read-only; no mapping, no locks.
 */
final class VolumeChannel extends FileChannel {
    private final List<FileChannel> volumes = new ArrayList<>();
    /** starts[i]: the offset at which volume i begins; starts[n]: the total size. */
    private final long[] starts;
    private long position;

    VolumeChannel(List<Path> files) throws IOException {
        starts = new long[files.size() + 1];
        try {
            for (int i = 0; i < files.size(); i++) {
                FileChannel c = FileChannel.open(files.get(i), StandardOpenOption.READ);
                volumes.add(c);
                starts[i + 1] = starts[i] + c.size();
            }
        } catch (IOException e) {
            implCloseChannel();
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at >= starts[starts.length - 1]) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && at < starts[starts.length - 1]) {
            int v = volumeAt(at);
            int n = volumes.get(v).read(dst, at - starts[v]);
            if (n <= 0) {
                break; // a volume shorter than when it was opened: the caller sees a short read
            }
            total += n;
            at += n;
        }
        return total;
    }

    private int volumeAt(long at) {
        int lo = 0;
        int hi = volumes.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= at) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return starts[starts.length - 1];
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = read(buf, at + done);
            if (n <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                target.write(buf);
            }
            done += n;
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing written
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("a split archive is not mapped");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a split archive is not locked");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a split archive is not locked");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        IOException first = null;
        for (FileChannel c : volumes) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
