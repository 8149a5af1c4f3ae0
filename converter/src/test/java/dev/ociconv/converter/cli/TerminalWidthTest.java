package dev.ociconv.converter.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress width: COLUMNS if exported, else the terminal's own (stty size), else 80; followed on resize. */
class TerminalWidthTest {
    @ParameterizedTest(name = "COLUMNS={0} stty={1} -> {2}")
    @CsvSource(nullValues = "-", value = {"-, 24 80, 80", "-, 50 60, 60", "132, 24 80, 132", "abc, 24 77, 77",
            "0, 24 90, 90", "-, -, 80", "-, garbage, 80"})
    void widthComesFromTheTerminal(String env, String stty, int expected) {
        assertEquals(expected, new TerminalWidth(() -> env, () -> stty, () -> 0L).columns());
    }

    @Test
    void aResizeIsFollowedWithinTwoSeconds() {
        AtomicLong now = new AtomicLong();
        AtomicInteger cols = new AtomicInteger(80);
        AtomicInteger asked = new AtomicInteger();
        TerminalWidth w = new TerminalWidth(() -> null, () -> {
            asked.incrementAndGet();
            return "24 " + cols.get();
        }, now::get);
        assertEquals(80, w.columns());
        cols.set(60);
        now.set(1_000_000_000L);
        assertEquals(80, w.columns(), "not asked again within 2 s");
        now.set(2_100_000_000L);
        assertEquals(60, w.columns());
        assertEquals(2, asked.get());
    }

    @ParameterizedTest(name = "{0} columns")
    @CsvSource({"80", "60", "40"})
    void noProgressLineIsWiderThanTheTerminal(int columns) {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        TerminalProgress p = new TerminalProgress(new PrintWriter(text), () -> columns, now::get);
        String label = "layer 3/8 (" + "a".repeat(64) + "/layer.tar)";
        assertTrue(p.barLine(label, new TerminalProgress.Bar(0, 123L << 20, 1L << 30), 3_000_000_000L).length() < columns);
        assertTrue(p.barLine(label, new TerminalProgress.Bar(0, 5, -1), 3_000_000_000L).length() < columns);
    }
}
