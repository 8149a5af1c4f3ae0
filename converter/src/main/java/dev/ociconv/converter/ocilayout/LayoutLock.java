package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.Notices;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The lock every writer of an existing OCI layout holds while it changes what other writers
 * read: its {@code index.json} (re-read and merged under the lock, then replaced) and the
 * clean-up of blobs after a failure. An advisory lock ({@code fcntl}, what Java's
 * {@link FileLock} takes) on the layout's own {@code oci-layout} file, which every layout has
 * and nothing replaces, so the lock adds no file to the user's layout: held per process,
 * released by the kernel when the process dies (even by {@code kill -9}), so a crashed writer
 * never blocks the next. Blobs are written without it: they are content-addressed and renamed
 * into place whole.
 */
final class LayoutLock implements Closeable {
    static final String FILE = "oci-layout";
    /** How long a writer waits for another's commit before giving up (a commit takes milliseconds). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(
            Long.getLong("ociconv.layoutLockTimeoutSeconds", 120));

    private final FileChannel channel;
    private final FileLock lock;

    private LayoutLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits up to {@code timeout} for the layout's lock, saying once (after 2 s) what it waits for. */
    static LayoutLock acquire(Path layout, Duration timeout, String description) throws IOException {
        FileChannel channel = FileChannel.open(layout.resolve(FILE), StandardOpenOption.WRITE);
        long start = System.nanoTime();
        boolean told = false;
        try {
            while (true) {
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new LayoutLock(channel, lock);
                    }
                } catch (OverlappingFileLockException sameProcess) {
                    // another sink of this process holds it: wait for it like for anyone else
                }
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(timeout) >= 0) {
                    throw new IOException(description + ": another process has held the layout's lock (" + FILE
                            + ") for " + waited.toSeconds() + " s; nothing was changed here");
                }
                if (!told && waited.toMillis() >= 2000) {
                    Notices.say("waiting for another process writing to " + layout + " (" + FILE + ")");
                    told = true;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException(description + ": interrupted while waiting for the layout's lock");
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
