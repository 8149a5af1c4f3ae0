package dev.ociconv.it.prod;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress in a real pseudo-terminal (util-linux's script) of 80 and 60 columns, with no COLUMNS
 * exported (as shells leave it): no progress line is wider than the terminal.
 */
class TerminalWidthIT {
    @TempDir
    static Path tmp;
    static Path image;

    @BeforeAll
    static void image() throws Exception {
        image = Images.archiveWithBigFile(tmp, "wide", 2, 200L << 20, 71);
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {80, 60})
    void progressFitsTheTerminal(int columns) throws Exception {
        Path out = tmp.resolve("out-" + columns);
        Path log = tmp.resolve("pty-" + columns + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String inner = "stty cols " + columns + " rows 24; exec '" + java + "' -Xmx256m -cp '" + cp
                + "' dev.ociconv.converter.cli.Main convert --compress gzip '" + image + "' '" + out + "'";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", inner, log.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TERM", "xterm");
        pb.environment().remove("COLUMNS");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "script did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log));
        String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        List<String> progress = Arrays.stream(text.split("[\r\n]"))
                .filter(l -> !l.isBlank() && !l.startsWith("Script ") && !l.startsWith("wrote ")).toList();
        assertFalse(progress.isEmpty(), "progress was drawn: " + text);
        assertTrue(progress.stream().anyMatch(l -> l.contains("MiB")), "bars were drawn: " + progress);
        for (String line : progress) {
            assertTrue(line.length() < columns, line.length() + " > " + columns + ": " + line);
        }
    }
}
