package dev.ociconv.converter.io;

import dev.ociconv.model.content.Streams;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Lists an uncompressed tar file's entries in one pass, with each entry's data offset, while
 * holding only the current header: Commons Compress {@code TarFile} keeps every entry (about
 * 0.6 KiB each), so 10^5 tiny entries took over 64 MiB of heap. Entry data is never read:
 * the stream under the tar reader moves past it by position, so listing a large archive costs
 * one read per header.
 */
public final class TarHeaderScan {
    private TarHeaderScan() {
    }

    /** Receives each entry and the file offset of its data. */
    @FunctionalInterface
    public interface Visitor {
        void entry(TarArchiveEntry entry, long dataOffset) throws IOException;
    }

    /** Visits every entry of the tar in {@code channel} (not closed; its position is not used). */
    public static void scan(FileChannel channel, Visitor visitor) throws IOException {
        Positioned in = new Positioned(channel);
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            long offset = in.position;
            visitor.entry(e, offset);
            if (e.isFile() && !e.isSparse() && e.getSize() > 0) {
                in.skipEnd = Math.min(offset + e.getSize(), channel.size());
            }
        }
    }

    /**
     * Positional reads of a channel; bytes in [position, skipEnd) are the data of the current
     * entry, which the tar reader only skips: they are given as zeros without reading the file.
     */
    private static final class Positioned extends InputStream {
        private final FileChannel channel;
        long position;
        long skipEnd;

        Positioned(FileChannel channel) {
            this.channel = channel;
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
            if (position < skipEnd) {
                int n = (int) Math.min(len, skipEnd - position);
                Arrays.fill(b, off, off + n, (byte) 0);
                position += n;
                return n;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = Math.max(0, Math.min(n, channel.size() - position));
            position += k;
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - position));
        }
    }
}
