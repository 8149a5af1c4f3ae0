package dev.ociconv.converter.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ociconv man --write DIR}: a page per visible command and one for ociconv, each read by
 * groff with every warning on (the independent reader: a page it warns about is broken), each
 * naming every option of its command as --help does.
 */
class ManPageTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void write() {
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "man", "--write", dir.toString()));
    }

    static Stream<String> pages() {
        List<String> names = new ArrayList<>(List.of("ociconv"));
        Main.fullTree().getSubcommands().forEach((name, c) -> {
            if (!c.getCommandSpec().usageMessage().hidden() && c.getCommandName().equals(name) && !name.equals("help")) {
                names.add("ociconv-" + name);
            }
        });
        return names.stream();
    }

    @ParameterizedTest(name = "{0}.1")
    @MethodSource("pages")
    void everyPageReadsCleanlyAndNamesEveryOption(String page) throws Exception {
        Path file = dir.resolve(page + ".1");
        String text = Files.readString(file);
        for (String section : List.of(".SH NAME", ".SH SYNOPSIS", ".SH SEE ALSO")) {
            assertTrue(text.contains(section), page + " lacks " + section);
        }
        Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString()).redirectErrorStream(true).start();
        String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", warnings, page + ": groff warns");
        assertEquals(0, groff.exitValue());
        CommandLine command = page.equals("ociconv") ? Main.fullTree() : Main.fullTree().getSubcommands().get(page.substring(8));
        for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
            if (!o.hidden()) {
                assertTrue(text.contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR"), page + " lacks " + o.longestName());
            }
        }
    }

    @Test
    void onePageIsPrintedAndAnUnknownCommandIsNamed() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), "man", "mirror"));
        assertTrue(out.toString().startsWith(".TH OCICONV-MIRROR 1 "), out.toString());
        assertEquals(Files.readString(dir.resolve("ociconv-mirror.1")), out.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err2), "man", "copie"));
        assertTrue(err2.toString().contains("unknown command 'copie' (did you mean copy"), err2.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(pages().count(), s.count(), "one file per page, nothing else");
        }
    }

    @Test
    void troffRequestsInTextAreEscaped() {
        assertEquals("\\&.SH not a request\n\\e\\-x \\[u2026] \\[u1F600]", ManPage.escape(".SH not a request\n\\-x … \uD83D\uDE00"));
    }
}
