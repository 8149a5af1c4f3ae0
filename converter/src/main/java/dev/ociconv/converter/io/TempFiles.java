package dev.ociconv.converter.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every temp file and directory ociconv makes, named so that anyone can tell what it is:
 * {@code .ociconv-tmp-<pid>-<random>-<label>}. They are made beside the target they become (so
 * the final move is a rename on one filesystem), or in a spool directory.
 *
 * <p>Each one is remembered until it is moved into place or deleted, so that an interrupted run
 * can remove all of them ({@link #deleteAll}); none is made once the run was interrupted
 * ({@link Interruption}). A run killed with {@code kill -9} cannot clean up: the next run that
 * writes beside the same target removes the temp files of processes that no longer exist
 * ({@link #sweep}).
 */
public final class TempFiles {
    /** The prefix of every temp name. */
    public static final String PREFIX = ".ociconv-tmp-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-[0-9a-f]+(?:-.*)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final java.util.Map<Object, Runnable> UNDO = new ConcurrentHashMap<>();

    private TempFiles() {
    }

    /** A new empty temp file beside {@code target}, which the final rename replaces. */
    public static Path fileBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        return file(parentOf(abs), abs.getFileName().toString());
    }

    /** A new empty temp directory beside {@code target}. */
    public static Path directoryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        return directory(parentOf(abs), abs.getFileName().toString());
    }

    /** A new empty temp file in {@code dir} (which must exist), for {@code label}. */
    public static Path file(Path dir, String label) throws IOException {
        return Interruption.unlessInterrupted(() -> {
            Path p = Files.createFile(dir.resolve(name(label)));
            LIVE.add(p);
            return p;
        });
    }

    /** A new empty private (0700) temp directory in {@code dir} (which must exist), for {@code label}. */
    public static Path directory(Path dir, String label) throws IOException {
        return Interruption.unlessInterrupted(() -> {
            Path p = Files.createDirectory(dir.resolve(name(label)),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            LIVE.add(p);
            return p;
        });
    }

    /**
     * The directory to write beside {@code abs} in, which must exist: a temp file never makes
     * directories, so a layer still being written after an interrupted run's clean-up removed its
     * staging directory cannot make that directory again.
     */
    private static Path parentOf(Path abs) throws IOException {
        Path dir = abs.getParent();
        if (dir == null) {
            throw new IOException(abs + ": has no parent directory to write beside");
        }
        return dir;
    }

    private static String name(String label) {
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        String safe = label == null ? "" : label.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return PREFIX + PID + "-" + HexFormat.of().formatHex(r) + (safe.isEmpty() ? "" : "-" + safe);
    }

    /**
     * Moves a finished temp file or directory onto its target, unless the run was interrupted,
     * and forgets it; atomically where the filesystem allows. Errors name the target, never the temp.
     */
    public static void publish(Path temp, Path target) throws IOException {
        Interruption.unlessInterrupted(() -> {
            try {
                AtomicFiles.rename(temp, target);
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
                throw new IOException(target + ": cannot put the result in place: " + reason, e);
            }
            LIVE.remove(temp);
            return null;
        });
    }

    /**
     * As {@link #publish}, for a result that must not replace anything (a new layout directory):
     * fails, keeping the temp, when {@code target} appeared meanwhile.
     */
    public static void publishNew(Path temp, Path target) throws IOException {
        Interruption.unlessInterrupted(() -> {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                        "appeared while the result was being written; nothing was changed");
            }
            try {
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": cannot rename the finished result into place: " + e.getMessage(), e);
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
                throw new IOException(target + ": cannot put the result in place: " + reason, e);
            }
            LIVE.remove(temp);
            return null;
        });
    }

    /** The temp file or directory is gone or was moved into place by its owner: no longer ours to clean. */
    public static void forget(Path temp) {
        LIVE.remove(temp);
    }

    /** Deletes a temp file or directory tree, quietly, and forgets it. */
    public static void delete(Path temp) {
        if (temp == null) {
            return;
        }
        AtomicFiles.deleteQuietly(temp);
        LIVE.remove(temp);
    }

    /**
     * Registers what an interrupted run must take back besides its temp files (the blobs a sink
     * already moved into an existing layout), until {@link #withdrawUndo} with the same key.
     */
    public static void registerUndo(Object key, Runnable undo) {
        UNDO.put(key, undo);
    }

    public static void withdrawUndo(Object key) {
        UNDO.remove(key);
    }

    /**
     * Takes back what this process wrote and did not commit: the registered undo actions, then
     * every temp file and directory; for an interrupted run. Returns how many temp paths it removed.
     */
    public static int deleteAll() {
        for (Object key : List.copyOf(UNDO.keySet())) {
            Runnable undo = UNDO.remove(key);
            if (undo != null) {
                try {
                    undo.run();
                } catch (RuntimeException e) {
                    // best effort: the rest must still be cleaned
                }
            }
        }
        int n = 0;
        for (Path p : List.copyOf(LIVE)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                n++;
            }
            delete(p);
        }
        return n;
    }

    /** The temp files and directories this process has now (for tests). */
    public static Set<Path> live() {
        return Set.copyOf(LIVE);
    }

    /** True when {@code name} is one of our temp names. */
    public static boolean isTempName(String name) {
        return NAME.matcher(name).matches();
    }

    /** True when another live process has temp files in {@code dir} (another writer of the same layout is at work). */
    public static boolean othersWriting(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    if (pid != PID && ProcessHandle.of(pid).isPresent()) {
                        return true;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: assume someone is
        }
        return false;
    }

    /**
     * Removes the temp files and directories in {@code dir} left by ociconv processes that no
     * longer exist (a run killed with {@code kill -9}, a crash), and returns what it removed. Temp
     * files of live processes, including this one, are left alone.
     */
    public static List<Path> sweep(Path dir) {
        List<Path> removed = sweepQuietly(dir);
        if (!removed.isEmpty()) {
            Notices.say("removed " + removed.size() + " temp " + (removed.size() == 1 ? "file" : "files")
                    + " left in " + dir + " by an interrupted ociconv run ("
                    + String.join(", ", removed.stream().map(p -> p.getFileName().toString()).limit(3).toList())
                    + (removed.size() > 3 ? ", ..." : "") + ")");
        }
        return removed;
    }

    private static List<Path> sweepQuietly(Path dir) {
        List<Path> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == PID || ProcessHandle.of(pid).isPresent()) {
                    continue;
                }
                AtomicFiles.deleteQuietly(p);
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    removed.add(p);
                }
            }
        } catch (IOException | SecurityException e) {
            // a directory we may not list holds nothing of ours to sweep
        }
        return removed;
    }
}
