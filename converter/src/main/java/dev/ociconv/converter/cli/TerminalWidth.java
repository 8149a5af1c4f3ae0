package dev.ociconv.converter.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The width of the terminal progress is drawn on: {@code COLUMNS} when the user exported it,
 * else what the terminal itself says ({@code stty size} on {@code /dev/tty}: shells do not
 * export {@code COLUMNS}, so without asking an 80-column terminal got 100-column lines that
 * wrapped at every redraw), else 80. Asked again at most every 2 s, so a resize is followed.
 * A pure-Java path: no native library; where {@code stty} is missing the fallback holds.
 */
final class TerminalWidth {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final int FALLBACK = 80;

    private final Supplier<String> environment;
    private final Supplier<String> sttySize;
    private final LongSupplier clock;
    private int cached;
    private long askedAt;
    private boolean asked;

    TerminalWidth() {
        this(() -> System.getenv("COLUMNS"), TerminalWidth::stty, System::nanoTime);
    }

    TerminalWidth(Supplier<String> environment, Supplier<String> sttySize, LongSupplier clock) {
        this.environment = environment;
        this.sttySize = sttySize;
        this.clock = clock;
    }

    synchronized int columns() {
        long now = clock.getAsLong();
        if (!asked || now - askedAt >= REFRESH_NANOS) {
            cached = measure();
            askedAt = now;
            asked = true;
        }
        return cached;
    }

    private int measure() {
        Integer fromEnv = positive(environment.get());
        if (fromEnv != null) {
            return fromEnv;
        }
        String size = sttySize.get(); // "ROWS COLUMNS"
        if (size != null) {
            String[] parts = size.strip().split("\\s+");
            Integer cols = parts.length == 2 ? positive(parts[1]) : null;
            if (cols != null) {
                return cols;
            }
        }
        return FALLBACK;
    }

    private static Integer positive(String s) {
        if (s == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(s.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code stty size < /dev/tty}, or null when there is no terminal or no stty. */
    private static String stty() {
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readNBytes(64);
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
