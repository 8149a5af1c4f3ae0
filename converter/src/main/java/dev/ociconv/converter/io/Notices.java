package dev.ociconv.converter.io;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One-line notices the library gives while it works that are neither progress nor errors (a
 * stale temp file it removed). The command line prints them on standard error; a program that
 * embeds the library gets them through {@link System.Logger} unless it sets its own sink.
 */
public final class Notices {
    private static volatile Consumer<String> sink = line ->
            System.getLogger("dev.ociconv").log(System.Logger.Level.INFO, line);

    private Notices() {
    }

    /** Where notices go from now on. */
    public static void setSink(Consumer<String> newSink) {
        sink = Objects.requireNonNull(newSink);
    }

    /** Gives one notice. */
    public static void say(String line) {
        sink.accept(line);
    }
}
