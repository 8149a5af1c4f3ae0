package dev.ociconv.it.prod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The peak resident set of a child process, from Linux's {@code VmHWM} (the high-water mark the
 * kernel keeps), read until the process ends: the last value read is its peak, give or take the
 * few milliseconds between the last read and the exit.
 */
final class PeakRss {
    private PeakRss() {
    }

    /** Waits for {@code p} (at most {@code seconds}) and returns its peak RSS in KiB; 0 if never read. */
    static long follow(Process p, long seconds) throws InterruptedException {
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                break; // the process ended between two reads
            }
            Thread.sleep(20);
        }
        return peak;
    }
}
