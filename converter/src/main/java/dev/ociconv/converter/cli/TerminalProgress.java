package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.model.digest.Digest;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar per layer in flight (bytes, rate, ETA) at the bottom of a terminal, with the
 * finished blobs' lines scrolling above it. Redraws with ANSI cursor moves, at most ~10 times a
 * second however often the copier reports, so a fast copy does not spend its time printing.
 */
final class TerminalProgress implements CopyListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final String CLEAR_LINE = "\r\033[2K";

    private final PrintWriter out;
    private final java.util.function.IntSupplier columnsNow;
    private final LongSupplier clock;
    private final Map<String, Bar> bars = new LinkedHashMap<>();
    /** A bar above the others for the whole run (mirror: images and bytes of all of them), or null. */
    private String overallLabel;
    private Bar overall;
    private int drawn;
    private long lastDraw = Long.MIN_VALUE / 2;

    TerminalProgress(PrintWriter out, int columns) {
        this(out, () -> columns, System::nanoTime);
    }

    TerminalProgress(PrintWriter out, int columns, LongSupplier clock) {
        this(out, () -> columns, clock);
    }

    /** {@code columns} is asked again at each redraw: a resized terminal gets lines of its new width. */
    TerminalProgress(PrintWriter out, java.util.function.IntSupplier columns, LongSupplier clock) {
        this.out = out;
        this.columnsNow = columns;
        this.clock = clock;
    }

    private int columns() {
        return Math.max(40, columnsNow.getAsInt());
    }

    /** A terminal that understands cursor moves: a console, and TERM set and not "dumb". */
    static boolean isInteractive() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
    }

    /** The terminal's width, as {@link TerminalWidth} finds it. */
    static java.util.function.IntSupplier terminalWidth() {
        return new TerminalWidth()::columns;
    }

    /** {@code changed}: when {@code bytes} last grew. */
    record Bar(long start, long bytes, long total, long changed) {
        Bar(long start, long bytes, long total) {
            this(start, bytes, total, start);
        }
    }

    /** A bar without a byte for this long says what it waits for instead of a rate and an ETA. */
    static final long STALL_NANOS = 3_000_000_000L;
    /** A registry location in a blob's label: {@code layer 2/4 (host:port/repo@sha256:…)}. */
    private static final java.util.regex.Pattern REGISTRY_LABEL =
            java.util.regex.Pattern.compile(".*\\(((?:localhost|[^/()\\s]+[.:][^/()\\s]+))/[^()]+\\)$");
    private java.util.concurrent.ScheduledExecutorService ticker;
    /** True for a real terminal's bars (they redraw on their own); tests drive {@link #tick} with their clock. */
    private boolean live;

    /** Bars on this terminal: its width asked at each redraw, the system clock, redrawn while a blob stalls. */
    static TerminalProgress forTerminal(PrintWriter out) {
        TerminalProgress p = new TerminalProgress(out, terminalWidth(), System::nanoTime);
        p.live = true;
        return p;
    }

    /** A line of its own above the bars (a finished image's). */
    synchronized void line(String text) {
        redraw(text, clock.getAsLong());
    }

    /** Shows (or updates) the run's own bar, drawn first: {@code label} with {@code done} of {@code total} bytes. */
    synchronized void overall(String label, long done, long total) {
        long now = clock.getAsLong();
        overall = new Bar(overall == null ? now : overall.start(), done, total);
        boolean relabelled = !label.equals(overallLabel);
        overallLabel = label;
        if (relabelled || now - lastDraw >= REDRAW_NANOS) {
            redraw(null, now);
        }
    }

    @Override
    public synchronized void blobProgress(String what, long bytes, long total) {
        long now = clock.getAsLong();
        Bar old = bars.get(what);
        bars.put(what, old == null ? new Bar(now, bytes, total) : new Bar(old.start(), bytes, total, bytes > old.bytes() ? now : old.changed()));
        if (now - lastDraw >= REDRAW_NANOS) {
            redraw(null, now);
        }
        startTicker();
    }

    /**
     * A bar that stalls gets no more events, so a daemon thread redraws once a second while one is
     * stalled: the bar then says how long it has waited ({@code waiting for HOST (12 s)}).
     */
    private void startTicker() {
        if (ticker != null || !live) {
            return;
        }
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ociconv-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Redraws when a blob's bar has stalled (and only then: nothing is drawn once the bars are gone). */
    synchronized void tick() {
        long now = clock.getAsLong();
        if (bars.values().stream().anyMatch(b -> now - b.changed() >= STALL_NANOS) && now - lastDraw >= REDRAW_NANOS) {
            redraw(null, now);
        }
    }

    @Override
    public synchronized void blobDone(String what, Digest digest, long size, boolean skipped) {
        bars.remove(what);
        redraw(doneLine(what, digest, size, skipped ? "exists " : "copied ", ""), clock.getAsLong());
    }

    @Override
    public synchronized void blobMounted(String what, Digest digest, long size, String fromRepository) {
        bars.remove(what);
        redraw(doneLine(what, digest, size, "mounted", " from " + fromRepository), clock.getAsLong());
    }

    @Override
    public synchronized void imageDone(String names, Digest digest) {
        bars.clear();
        redraw(null, clock.getAsLong()); // the image's line comes once the destination is committed
    }

    /** Erases the bars, prints {@code finished} (if any) where they were, and draws the bars below. */
    private void redraw(String finished, long now) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('A');
        }
        if (finished != null) {
            sb.append(CLEAR_LINE).append(fit(finished)).append('\n');
        }
        int lines = 0;
        if (overall != null) {
            sb.append(CLEAR_LINE).append(barLine(overallLabel, overall, now)).append('\n');
            lines++;
        }
        for (Map.Entry<String, Bar> e : bars.entrySet()) {
            sb.append(CLEAR_LINE).append(barLine(e.getKey(), e.getValue(), now)).append('\n');
            lines++;
        }
        // lines of bars gone since the last draw: clear them and come back up
        int stale = drawn - lines - (finished != null ? 1 : 0);
        for (int i = 0; i < stale; i++) {
            sb.append(CLEAR_LINE).append('\n');
        }
        if (stale > 0) {
            sb.append("\033[").append(stale).append('A');
        }
        drawn = lines;
        lastDraw = now;
        out.print(sb);
        out.flush();
    }

    String barLine(String what, Bar bar, long now) {
        double seconds = Math.max(1e-3, (now - bar.start()) / 1e9);
        double rate = bar.bytes() / seconds;
        String stats;
        long stalled = now - bar.changed();
        if (stalled >= STALL_NANOS && bar != overall) {
            java.util.regex.Matcher host = REGISTRY_LABEL.matcher(what);
            String waited = (host.matches() ? "waiting for " + host.group(1) : "no progress") + " (" + stalled / 1_000_000_000L + " s)";
            stats = " " + Sizes.human(bar.bytes()) + (bar.total() > 0 ? " / " + Sizes.human(bar.total()) : "") + "  " + waited;
        } else if (bar.total() > 0) {
            long left = Math.max(0, bar.total() - bar.bytes());
            String eta = rate > 0 ? duration((long) (left / rate)) : "--";
            stats = String.format(Locale.ROOT, " %s / %s  %s/s  ETA %s",
                    Sizes.human(bar.bytes()), Sizes.human(bar.total()), Sizes.human((long) rate), eta);
        } else {
            stats = String.format(Locale.ROOT, " %s  %s/s", Sizes.human(bar.bytes()), Sizes.human((long) rate));
        }
        int columns = columns();
        // narrower terminals get a shorter gauge, then none: the numbers matter more
        int width = columns >= 80 ? 20 : columns >= 64 ? 10 : 0;
        String gauge;
        if (width == 0) {
            gauge = "";
        } else if (bar.total() > 0) {
            int filled = (int) Math.min(width, width * bar.bytes() / bar.total());
            gauge = " [" + "=".repeat(filled) + " ".repeat(width - filled) + "]";
        } else {
            gauge = " [" + " ".repeat(width) + "]";
        }
        int room = columns - 1 - gauge.length() - stats.length();
        String label = shorten(what, Math.max(8, room));
        return fit(label + gauge + stats);
    }

    /** A finished blob's line, its label shortened so digest, size and source stay visible. */
    String doneLine(String what, Digest digest, long size, String verb, String suffix) {
        String full = LineProgress.doneLine(what, digest, size, verb) + suffix;
        int excess = full.length() - (columns() - 1);
        return excess <= 0 ? full : LineProgress.doneLine(shorten(what, Math.max(8, what.length() - excess)), digest, size, verb) + suffix;
    }

    private String fit(String line) {
        int columns = columns();
        return line.length() < columns ? line : line.substring(0, columns - 4) + "...";
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }
}
