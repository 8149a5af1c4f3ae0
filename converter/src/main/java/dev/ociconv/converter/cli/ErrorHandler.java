package dev.ociconv.converter.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns every failure into one line, {@code ociconv: error: <what>: <why>}, exit 1; usage errors
 * (bad option values) exit 2. A stack trace only with {@code --debug}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        if (debug) {
            t.printStackTrace(cli.getErr());
        }
        var signal = dev.ociconv.converter.io.Interruption.signal();
        if (signal.isPresent()) {
            // Whatever the interrupted thread failed with, the story is the signal.
            dev.ociconv.converter.io.TempFiles.deleteAll();
            cli.getErr().println(Interrupts.message(signal.get()));
            return Interrupts.exitCode(signal.get());
        }
        cli.getErr().println("ociconv: error: " + message(t));
        return t instanceof IllegalArgumentException && !(t instanceof dev.ociconv.model.digest.InvalidDigestException) ? 2 : 1;
    }

    /** The longest error line (characters): long enough for two paths and a digest, short enough to read. */
    static final int MAX_LINE = 500;

    static String message(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or directory";
        }
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (t instanceof FileAlreadyExistsException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "already exists");
        }
        if (t instanceof NotDirectoryException e) {
            return e.getFile() + ": not a directory";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (raise -Xmx, e.g. JAVA_OPTS=-Xmx512m)";
        }
        if (t instanceof StackOverflowError) {
            // every structure we follow is capped before it is descended; this is a bug of ours
            return "input nested too deeply to follow (stack overflow); nothing was committed; please report it";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        } else if (!(t instanceof IOException) && !(t instanceof IllegalArgumentException)) {
            m = t.getClass().getSimpleName() + ": " + m;
        }
        // one line: hostile input may put newlines in names; and a short one, whatever it quotes
        m = m.replace('\n', ' ').replace('\r', ' ');
        return m.length() <= MAX_LINE ? m : m.substring(0, MAX_LINE - 60) + "… (" + (m.length() - (MAX_LINE - 60))
                + " more characters; --debug shows them)";
    }
}
