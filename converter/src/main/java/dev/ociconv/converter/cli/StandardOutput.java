package dev.ociconv.converter.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output as a stream of data ({@code -} as an archive output), never as text. When the
 * JVM's own standard output is in place it is the file descriptor itself: unbuffered, so a write
 * to a closed pipe fails ({@code PrintStream} would swallow it) and an archive can be copied out by
 * the kernel. When a caller replaced {@link System#out} (a program embedding the CLI, a test), its
 * stream is used, and its errors are turned back into exceptions.
 */
final class StandardOutput {
    private static final PrintStream ORIGINAL = System.out;

    private StandardOutput() {
    }

    static OutputStream data() {
        if (System.out == ORIGINAL) {
            return new FileOutputStream(FileDescriptor.out);
        }
        return new Checked(System.out);
    }

    /** A print stream whose swallowed errors come back as an exception on flush. */
    private static final class Checked extends OutputStream {
        private final PrintStream out;

        Checked(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            check();
        }

        private void check() throws IOException {
            if (out.checkError()) {
                throw new IOException("standard output: write failed (closed pipe?)");
            }
        }
    }
}
