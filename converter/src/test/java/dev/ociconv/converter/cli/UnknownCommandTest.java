package dev.ociconv.converter.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mistyped or foreign verb: one line naming it, the nearest of ours, and the list. */
class UnknownCommandTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "copie   | unknown command 'copie' (did you mean copy?); the commands are demo, convert, copy,",
            "conver  | unknown command 'conver' (did you mean convert?)",
            "frobnik | unknown command 'frobnik'; the commands are",
    })
    void unknownCommandsAreNamed(String verb, String start) {
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), verb, "a");
        assertEquals(2, exit);
        String first = err.toString().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("ociconv: error: " + start), first);
        assertTrue(!first.contains("cds-training"), "hidden commands are not offered: " + first);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cp, copy", "ls, tags", "list-tags, tags"})
    void skopeoAndCraneVerbsAreAliases(String alias, String command) {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), alias, "--help"));
        assertTrue(out.toString().startsWith("Usage: ociconv " + command + " "), out.toString());
    }
}
