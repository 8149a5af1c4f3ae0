package dev.ociconv.converter.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Java cannot do itself: device nodes and FIFOs are made by running {@code mknod(1)}
 * (coreutils; the JDK has no mknod), with an absolute path whose parent we resolved inside the
 * root (mknod never follows a symlink at the final name: it fails with EEXIST). The OverlayFS
 * opaque mark is written as the {@code user.overlay.opaque} xattr through
 * {@link UserDefinedFileAttributeView} (Java can only write the {@code user.} namespace; the
 * {@code trusted.} one would need {@code setfattr}, often absent), so the mount uses
 * {@code userxattr} (Linux 5.11+).
 */
final class SpecialFiles {
    private static final List<Path> MKNOD = List.of(Path.of("/usr/bin/mknod"), Path.of("/bin/mknod"));

    private SpecialFiles() {
    }

    static boolean mknodAvailable() {
        return mknod() != null;
    }

    private static Path mknod() {
        for (Path p : MKNOD) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** {@code type}: 'c', 'b' or 'p'. {@code path} must not exist. */
    static void mknod(Path path, char type, int major, int minor, int mode) throws IOException {
        Path tool = mknod();
        if (tool == null) {
            throw new IOException("mknod(1) not found");
        }
        List<String> cmd = type == 'p'
                ? List.of(tool.toString(), "-m", Integer.toOctalString(mode & 07777), path.toAbsolutePath().toString(), "p")
                : List.of(tool.toString(), "-m", Integer.toOctalString(mode & 07777), path.toAbsolutePath().toString(),
                String.valueOf(type), Integer.toString(major), Integer.toString(minor));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        proc.getOutputStream().close();
        String out;
        try (InputStream in = proc.getInputStream()) {
            out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException("mknod timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proc.destroyForcibly();
            throw new IOException("interrupted while running mknod");
        }
        if (proc.exitValue() != 0) {
            String line = out.lines().findFirst().orElse("exit " + proc.exitValue());
            throw new IOException("mknod failed: " + line);
        }
    }

    /** Marks a real directory opaque for an overlay mounted with {@code userxattr}. */
    static void markOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("extended attributes not supported");
        }
        view.write("overlay.opaque", java.nio.ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }
}
