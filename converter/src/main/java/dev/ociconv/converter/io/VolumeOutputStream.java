package dev.ociconv.converter.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One stream written as numbered files of at most {@code volumeBytes} each ({@code bundle.tar.000},
 * {@code .001}, …) that {@code cat} joins again, for media smaller than the whole. Volumes are
 * written as temp files beside their targets and renamed only by {@link #publish}, the first one
 * last, so a reader that opens {@code .000} finds every volume after it. Volumes of a replaced
 * set beyond the new last one are removed first, never left to be joined by mistake.
 */
public final class VolumeOutputStream extends OutputStream {
    private final IntFunction<Path> names;
    private final long volumeBytes;
    private final List<Path> temps = new ArrayList<>();
    private OutputStream current;
    private long inCurrent;
    private boolean closed;

    public VolumeOutputStream(IntFunction<Path> names, long volumeBytes) {
        if (volumeBytes < 1) {
            throw new IllegalArgumentException("volume size");
        }
        this.names = names;
        this.volumeBytes = volumeBytes;
    }

    private void next() throws IOException {
        if (current != null) {
            current.close();
        }
        Path temp = TempFiles.fileBeside(names.apply(temps.size()));
        temps.add(temp);
        current = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16);
        inCurrent = 0;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null || inCurrent == volumeBytes) {
                next();
            }
            int n = (int) Math.min(len, volumeBytes - inCurrent);
            current.write(b, off, n);
            inCurrent += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (current != null) {
            current.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (current == null) {
                next(); // an empty stream is one empty volume
            }
            current.close();
        }
    }

    /** The volumes written: how many. */
    public int count() {
        return temps.size();
    }

    /** Renames the volumes into place (after {@link #close}), the first last; removes stale ones after the last. */
    public void publish() throws IOException {
        if (!closed) {
            throw new IllegalStateException("close before publishing");
        }
        for (int i = temps.size(); Files.exists(names.apply(i), LinkOption.NOFOLLOW_LINKS); i++) {
            Files.delete(names.apply(i)); // a replaced set's extra volumes first: never joined to the new ones
        }
        for (int i = temps.size() - 1; i >= 0; i--) {
            FileModes.publishFile(temps.get(i));
            TempFiles.publish(temps.get(i), names.apply(i));
        }
    }

    /** Removes the temp volumes of an unfinished write. */
    public void discard() {
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException ignored) {
            // the file goes anyway
        }
        temps.forEach(TempFiles::delete);
    }
}
