package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.model.digest.Digest;

import java.io.PrintWriter;

/**
 * One line per finished blob: what CI logs read. The line per image comes when the destination is
 * committed, from {@link CopyRun}, since only then does it say what addresses the image there.
 */
record LineProgress(PrintWriter out) implements CopyListener {

    /** The listener for a command's output: nothing, bars on a terminal, else lines. */
    static CopyListener forOutput(PrintWriter out, boolean quiet) {
        if (quiet) {
            return CopyListener.NONE;
        }
        return TerminalProgress.isInteractive() ? TerminalProgress.forTerminal(out) : new LineProgress(out);
    }

    @Override
    public void blobDone(String what, Digest digest, long size, boolean skipped) {
        println(doneLine(what, digest, size, skipped ? "exists " : "copied "));
    }

    @Override
    public void blobMounted(String what, Digest digest, long size, String fromRepository) {
        println(doneLine(what, digest, size, "mounted") + " from " + fromRepository);
    }

    static String doneLine(String what, Digest digest, long size, String verb) {
        return String.format("%s %s %s (%s)", verb, digest.shortHex(), what, Sizes.human(size));
    }

    private void println(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
