package dev.ociconv.converter.cli;

import dev.ociconv.converter.io.Interruption;
import dev.ociconv.converter.io.TempFiles;
import sun.misc.Signal;

import java.util.List;
import java.util.Map;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a run cleanly: the flag of {@link Interruption} is
 * raised (nothing new is created, nothing is committed), the command's thread is interrupted so
 * that the copy unwinds through its usual failure path (sinks closed, their temp files removed),
 * and the process exits with 128 + the signal's number after one line on standard error.
 *
 * <p>A run that does not unwind within {@value #GRACE_MILLIS} ms (blocked in a socket read, say)
 * is cleaned up from here ({@link TempFiles#deleteAll}) and halted; a second signal does that at
 * once. {@code kill -9} cannot be caught: its leftovers are swept by the next run.
 */
final class Interrupts {
    static final long GRACE_MILLIS = 10_000;
    private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15, "HUP", 1);

    private Interrupts() {
    }

    /** Handles the signals for the run on {@code worker} (the main thread). */
    static void install(Thread worker) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(name), s -> onSignal(s.getName(), worker));
            } catch (IllegalArgumentException e) {
                // a signal the JVM keeps for itself, or one ignored at start (a background job): left as it is
            }
        }
    }

    /** 128 + the signal's number, as a shell reports a process the signal ended. */
    static int exitCode(String signal) {
        return 128 + NUMBERS.getOrDefault(signal.replaceFirst("^SIG", ""), 2);
    }

    /** The one line an interrupted run ends with. */
    static String message(String signal) {
        return "ociconv: interrupted by " + signal + ": stopped before anything was committed; temp files removed";
    }

    private static void onSignal(String name, Thread worker) {
        String signal = "SIG" + name;
        if (!Interruption.raise(signal)) {
            halt(signal); // the second Ctrl-C: do not wait any longer
            return;
        }
        worker.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                worker.join(GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                halt(signal);
            }
        }, "ociconv-interrupt");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void halt(String signal) {
        TempFiles.deleteAll();
        System.err.println(message(signal));
        System.err.flush();
        Runtime.getRuntime().halt(exitCode(signal));
    }
}
