package dev.ociconv.converter.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/** Compression by magic bytes: sniff, decompress, compress. */
public final class Compressors {
    private static final int BUFFER = 1 << 16;

    private Compressors() {
    }

    /** A stream whose first bytes were peeked to identify its compression; nothing is consumed. */
    public record Sniffed(Compression compression, InputStream stream) {
    }

    /** Peeks at the first bytes of {@code in} (which it wraps in a buffer) and says how it is compressed. */
    public static Sniffed sniff(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
        buffered.mark(Compression.SNIFF_LENGTH);
        byte[] head = new byte[Compression.SNIFF_LENGTH];
        int n = 0;
        while (n < head.length) {
            int r = buffered.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        buffered.reset();
        return new Sniffed(Compression.sniff(head, n), buffered);
    }

    /** Decompresses {@code in} as {@code compression} says (NONE returns it as is). */
    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            // GZIPInputStream reads concatenated members, as gzip(1) and Go do.
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in).setContinuous(false);
            case XZ -> new XZCompressorInputStream(in, true);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
        };
    }

    /** Sniffs and decompresses; returns the plain stream and what it was. */
    public static Sniffed decompressSniffed(InputStream in) throws IOException {
        Sniffed s = sniff(in);
        return new Sniffed(s.compression(), decompress(s.stream(), s.compression()));
    }

    /** A compressing stream over {@code out}; closing it finishes the compressed stream and closes {@code out}. */
    public static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> out;
            // On every core, deterministic whatever their number: see ParallelGzipOutputStream.
            case GZIP -> new ParallelGzipOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out, 3);
            default -> throw new IOException("cannot write " + compression.displayName() + " layers");
        };
    }
}
