package dev.ociconv.converter.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The process-wide "stop" of a run that was interrupted (SIGINT, SIGTERM): once it is raised, no
 * temp file is created and no result is moved into place, so what an interrupted run leaves is
 * exactly its temp files, which {@link TempFiles} then removes.
 *
 * <p>Creating a temp file and publishing a result (the final rename) each run under the read
 * side of one lock, after checking the flag; raising the flag takes the write side. So a commit
 * is either entirely before the interrupt (the target has the whole result) or never happens,
 * and nothing created after the interrupt can escape the clean-up.
 */
public final class Interruption {
    private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock();
    private static volatile String signal;

    private Interruption() {
    }

    /** An action that may fail with an I/O error. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} unless the run was interrupted; an interrupt waits until it is done.
     *
     * @throws InterruptedIOException when the run was interrupted before
     */
    public static <T> T unlessInterrupted(IoAction<T> action) throws IOException {
        GATE.readLock().lock();
        try {
            check();
            return action.run();
        } finally {
            GATE.readLock().unlock();
        }
    }

    /** Fails when the run was interrupted. */
    public static void check() throws InterruptedIOException {
        String s = signal;
        if (s != null) {
            throw new InterruptedIOException("interrupted by " + s);
        }
    }

    /**
     * Raises the flag, after any creation or publication in progress has finished.
     *
     * @return true the first time
     */
    public static boolean raise(String signalName) {
        GATE.writeLock().lock();
        try {
            if (signal != null) {
                return false;
            }
            signal = signalName;
            return true;
        } finally {
            GATE.writeLock().unlock();
        }
    }

    /** The signal that interrupted the run ({@code SIGINT}, {@code SIGTERM}), if any. */
    public static Optional<String> signal() {
        return Optional.ofNullable(signal);
    }
}
