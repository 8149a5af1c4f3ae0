package dev.ociconv.converter.fs;

import dev.ociconv.model.content.Streams;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the uncompressed bytes of a layer against the total budget, and the bytes read while
 * a tar header is being parsed against the header cap, so that a decompression bomb or a huge
 * PAX record stops at the limit instead of at the end of the disk or heap.
 */
final class BudgetedInputStream extends FilterInputStream {
    private final Budget budget;
    private final String layer;
    private long headerStart = -1;
    private long position;
    private boolean eof;
    private boolean recordZero = true;
    private boolean sawEndRecord;

    BudgetedInputStream(InputStream in, Budget budget, String layer) {
        super(in);
        this.budget = budget;
        this.layer = layer;
    }

    /** Bytes read from here on belong to an entry's headers (until {@link #endHeader()}). */
    void beginHeader() {
        headerStart = position;
        sawEndRecord = false;
    }

    void endHeader() {
        headerStart = -1;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOneByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            if (headerStart >= 0) {
                scanRecords(b, off, n);
            }
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Read rather than skip, so that skipped bytes are counted too.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Notes whether an all-zero 512-byte record (the tar end marker) passes while reading headers. */
    private void scanRecords(byte[] b, int off, int n) {
        long p = position;
        for (int i = 0; i < n; i++, p++) {
            if (p % 512 == 0) {
                recordZero = true;
            }
            recordZero &= b[off + i] == 0;
            if (p % 512 == 511 && recordZero) {
                sawEndRecord = true;
            }
        }
    }

    private void count(int n) throws UnpackException {
        position += n;
        budget.bytes += n;
        if (budget.bytes > budget.limits.maxTotalBytes()) {
            throw new UnpackException(layer + ": more than " + budget.limits.maxTotalBytes()
                    + " bytes uncompressed (limit)");
        }
        if (headerStart >= 0 && position - headerStart > budget.limits.maxHeaderBytes()) {
            throw new UnpackException(layer + ": entry headers larger than " + budget.limits.maxHeaderBytes()
                    + " bytes (limit)");
        }
    }

    /**
     * True when the stream ended inside a 512-byte record: a header cut short. (Commons Compress
     * reports a short header record as the end of the archive.)
     */
    boolean endedMidRecord() {
        return eof && !sawEndRecord && position % 512 != 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
