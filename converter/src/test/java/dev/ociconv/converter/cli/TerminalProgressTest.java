package dev.ociconv.converter.cli;

import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalProgressTest {
    private static final Digest D = Digest.sha256(new byte[]{1});
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(0);
    private final TerminalProgress progress = new TerminalProgress(new PrintWriter(text), 120, now::get);

    @Test
    void barShowsBytesRateAndEta() {
        String line = progress.barLine("layer 1/2", new TerminalProgress.Bar(0, 10L << 20, 40L << 20), 2_000_000_000L);
        assertTrue(line.startsWith("layer 1/2 [=====               ]"), line);
        assertTrue(line.contains("10.0 MiB / 40.0 MiB"), line);
        assertTrue(line.contains("5.0 MiB/s"), line);
        assertTrue(line.endsWith("ETA 6s"), line);
        assertTrue(line.length() < 120, line);
    }

    @Test
    void unknownTotalShowsBytesAndRateOnly() {
        String line = progress.barLine("layer 1/2", new TerminalProgress.Bar(0, 3L << 20, -1), 1_000_000_000L);
        assertTrue(line.endsWith("3.0 MiB  3.0 MiB/s"), line);
        assertFalse(line.contains("ETA"), line);
    }

    @Test
    void longLabelsAreShortenedToTheTerminalWidth() {
        String line = progress.barLine("x".repeat(500), new TerminalProgress.Bar(0, 1, 2), 1);
        assertTrue(line.length() <= 119, line.length() + ": " + line);
    }

    /** mirror's bar for the whole run stays above the blobs' bars; a finished image's line goes above both. */
    @Test
    void theRunsBarIsDrawnFirstAndLinesAboveIt() {
        progress.overall("images 0/20", 0, 100L << 20);
        now.set(200_000_000L);
        progress.blobProgress("layer 1/1", 10, 100);
        String last = text.toString().substring(text.toString().lastIndexOf("\033[2K") - 0);
        String drawn = text.toString();
        int overall = drawn.lastIndexOf("images 0/20");
        int blob = drawn.lastIndexOf("layer 1/1");
        assertTrue(overall >= 0 && blob > overall, drawn);
        assertTrue(last.contains("layer 1/1"), last);
        progress.line("[1/20] a.io/x:1: sha256:abc, fetched 1 MiB in 0 s");
        String after = text.toString().substring(drawn.length());
        assertTrue(after.indexOf("[1/20]") < after.indexOf("images 0/20"), after);
    }

    @Test
    void redrawsAtMostTenTimesASecond() {
        progress.blobProgress("layer 1/1", 0, 100);
        int afterFirst = text.toString().length();
        now.set(50_000_000L);
        progress.blobProgress("layer 1/1", 50, 100);
        assertEquals(afterFirst, text.toString().length(), "no redraw within 100 ms");
        now.set(150_000_000L);
        progress.blobProgress("layer 1/1", 60, 100);
        assertTrue(text.toString().length() > afterFirst);
    }

    @Test
    void finishedBlobReplacesItsBarAndTheCursorComesBack() {
        progress.blobProgress("layer 1/2", 0, 100);
        now.set(200_000_000L);
        progress.blobProgress("layer 2/2", 0, 100);
        progress.blobDone("layer 1/2", D, 100, false);
        String s = text.toString();
        String last = s.substring(s.lastIndexOf("\033[2A"));
        // up over the two bars, the finished line, the remaining bar, then nothing stale
        assertTrue(last.contains("copied  " + D.shortHex() + " layer 1/2 (100 B)\n"), last);
        assertTrue(last.contains("\r\033[2Klayer 2/2 ["), last);
        assertFalse(last.substring(last.indexOf("layer 2/2")).contains("layer 1/2"), last);
    }

    @Test
    void lastBarGoneLeavesOnlyTheLine() {
        progress.blobProgress("layer 1/1", 0, 100);
        progress.blobDone("layer 1/1", D, 100, true);
        progress.imageDone("a:1", D);
        String s = text.toString();
        // the image's own line comes from the command once the destination is committed
        assertTrue(s.endsWith("exists  " + D.shortHex() + " layer 1/1 (100 B)\n"), s);
        assertFalse(s.contains("wrote"), s);
    }

    @Test
    void finishedLinesKeepDigestSizeAndSourceWithinTheWidth() {
        String line = progress.doneLine("layer 1/2 (" + "x".repeat(300) + ")", D, 2048, "mounted", " from team/base");
        assertTrue(line.length() <= 119, line);
        assertTrue(line.startsWith("mounted " + D.shortHex() + " layer 1/2 (xxx"), line);
        assertTrue(line.endsWith("... (2.0 KiB) from team/base"), line);
    }

    @Test
    void mountedBlobsSayFromWhere() {
        StringWriter w = new StringWriter();
        new LineProgress(new PrintWriter(w)).blobMounted("layer 1/1", D, 2048, "team/base");
        assertEquals("mounted " + D.shortHex() + " layer 1/1 (2.0 KiB) from team/base" + System.lineSeparator(), w.toString());
    }

    /** A bar with no new byte for 3 s says what it waits for; the tick redraws it then, and only then. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "layer 2/4 (localhost:5000/team/app@sha256:abc) | waiting for localhost:5000 (12 s)",
            "layer 1/1 (registry.example/team/app@sha256:abc) | waiting for registry.example (12 s)",
            "layer 1/1 (layer/layer.tar) | no progress (12 s)",
    })
    void aStalledBarSaysWhatItWaitsFor(String what, String expected) {
        now.set(0);
        progress.blobProgress(what, 1 << 20, 4 << 20);
        now.set(1_000_000_000L);
        progress.blobProgress(what, 2 << 20, 4 << 20);
        int drawn = text.toString().length();
        now.set(2_000_000_000L);
        progress.tick();
        assertEquals(drawn, text.toString().length(), "not stalled yet: the tick draws nothing");
        now.set(13_000_000_000L);
        progress.tick();
        String last = text.toString().substring(drawn);
        assertTrue(last.contains("2.0 MiB / 4.0 MiB  " + expected), last);
        assertFalse(last.contains("ETA"), last);
    }
}
