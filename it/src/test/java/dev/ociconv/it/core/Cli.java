package dev.ociconv.it.core;

import dev.ociconv.converter.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the CLI in-process through {@link Main#run}, with standard streams captured (and standard
 * input given), so tests see exit codes and exactly what a user would read.
 */
final class Cli {
    private Cli() {
    }

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        /** Asserts success, showing stderr otherwise. */
        Result ok() {
            assertEquals(0, exit, "exit code; stderr:\n" + err);
            return this;
        }

        /** Asserts a failure reported as one {@code ociconv: error:} line containing {@code fragment}, no stack trace. */
        Result failsWith(String fragment) {
            assertEquals(1, exit, "exit code; stderr:\n" + err);
            String[] lines = err.strip().split("\n");
            assertEquals(1, lines.length, "one error line, got:\n" + err);
            assertTrue(lines[0].startsWith("ociconv: error: "), lines[0]);
            assertTrue(lines[0].contains(fragment), "'" + fragment + "' in: " + lines[0]);
            assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
            return this;
        }
    }

    static Result run(String... args) {
        return runWithStdin(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Serialised: the standard streams are process-wide. */
    static synchronized Result runWithStdin(InputStream stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setIn(stdin);
            int exit = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }
}
