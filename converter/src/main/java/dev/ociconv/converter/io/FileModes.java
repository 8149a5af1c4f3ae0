package dev.ociconv.converter.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The modes of what ociconv hands to the user: files 0666 and directories 0777, minus the
 * process's umask, as every Unix tool creates them. Temp files are made private (0600/0700 by
 * {@link Files#createTempFile}) while they are written; a result is given its normal mode right
 * before it is renamed into place, so another user, or a scanner running as {@code nobody}, can
 * read it when the umask says so.
 *
 * <p>The umask has no Java API. Linux reports it in {@code /proc/self/status} ({@code Umask:});
 * elsewhere it is found by creating a file with default permissions and reading its mode back.
 * A filesystem without POSIX modes (a FAT stick) keeps its own: setting them is best effort.
 */
public final class FileModes {
    private static volatile Integer umask;

    private FileModes() {
    }

    /** The process's umask, e.g. {@code 022}. */
    public static int umask() {
        Integer u = umask;
        if (u == null) {
            u = readUmask();
            umask = u;
        }
        return u;
    }

    /** The mode a new regular file gets: {@code 0666 & ~umask}. */
    public static int fileMode() {
        return 0666 & ~umask();
    }

    /** The mode a new directory gets: {@code 0777 & ~umask}. */
    public static int directoryMode() {
        return 0777 & ~umask();
    }

    /** Gives a finished file the mode of a new file. */
    public static void publishFile(Path file) {
        setMode(file, fileMode());
    }

    /** Gives a finished directory the mode of a new directory. */
    public static void publishDirectory(Path dir) {
        setMode(dir, directoryMode());
    }

    /** Gives a finished tree (a layout built in a private temp directory) the modes of new files and directories. */
    public static void publishTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                publishDirectory(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    publishFile(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Sets the permission bits of {@code path} (never following a symlink); best effort. */
    public static void setMode(Path path, int mode) {
        try {
            Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // a filesystem without POSIX modes keeps its own
        }
    }

    private static int readUmask() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).strip(), 8) & 0777;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // not Linux, or an old kernel: probe below
        }
        return probeUmask();
    }

    /** Creates a directory with the default permissions (0777 before the umask) and sees which bits were taken away. */
    private static int probeUmask() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path probe = dir.resolve(".ociconv-umask-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(probe);
            int mode = (Integer) Files.getAttribute(probe, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return ~mode & 0777;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return 022;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a probe file in the temp dir
            }
        }
    }
}
