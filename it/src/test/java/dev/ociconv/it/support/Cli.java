package dev.ociconv.it.support;

import dev.ociconv.converter.cli.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs ociconv in-process, as a user would type it. */
public final class Cli {
    private Cli() {
    }

    /** {@code ociconv ARGS}; returns the exit code. */
    public static int run(String... args) {
        return Main.run(args);
    }

    /** {@code ociconv ARGS}, failing the test unless it exits 0. */
    public static void ok(String... args) {
        assertEquals(0, Main.run(args), () -> "ociconv " + String.join(" ", args) + " failed (see its error above)");
    }
}
