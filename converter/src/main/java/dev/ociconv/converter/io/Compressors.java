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
        return compress(out, compression, java.util.OptionalInt.empty());
    }

    /** The lowest and highest level each compression takes ({@code --dest-compress-level}). */
    public static int[] levels(Compression compression) {
        return compression == Compression.ZSTD ? new int[] {1, 19} : new int[] {1, 9};
    }

    /**
     * As {@link #compress(OutputStream, Compression)} at {@code level} (gzip 1..9, zstd 1..19);
     * empty: ours (gzip 2, see {@link ParallelGzipOutputStream}; zstd 3, its own default).
     */
    public static OutputStream compress(OutputStream out, Compression compression, java.util.OptionalInt level) throws IOException {
        if (level.isPresent() && compression != Compression.NONE
                && (level.getAsInt() < levels(compression)[0] || level.getAsInt() > levels(compression)[1])) {
            throw new IllegalArgumentException(compression.displayName() + " takes levels " + levels(compression)[0] + " to "
                    + levels(compression)[1] + ", not " + level.getAsInt());
        }
        return switch (compression) {
            case NONE -> out;
            // On every core, deterministic whatever their number: see ParallelGzipOutputStream.
            case GZIP -> level.isPresent() ? new ParallelGzipOutputStream(out, level.getAsInt()) : new ParallelGzipOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out, level.orElse(3));
            default -> throw new IOException("cannot write " + compression.displayName() + " layers");
        };
    }
}
