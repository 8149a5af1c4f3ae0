package dev.ociconv.converter.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temp files beside their target, then one atomic rename: a failed run leaves the target as it
 * was. Temp names and their clean-up are {@link TempFiles}'; publishing a result (with the
 * user's modes) is {@link TempFiles#publish} after {@link FileModes}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A new empty temp file in the target's directory (so the final move is a rename on one filesystem). */
    public static Path tempBeside(Path target) throws IOException {
        return TempFiles.fileBeside(target);
    }

    /** A new private temp directory beside the target. */
    public static Path tempDirBeside(Path target) throws IOException {
        return TempFiles.directoryBeside(target);
    }

    /**
     * Opens a temp file made by {@link Files#createTempFile} for writing, without truncating it.
     * Truncation matters on ext4: a file truncated to zero and then written is flushed to disk
     * when it is closed (the {@code auto_da_alloc} heuristic for editors that rewrite files), and
     * closing a 2 GiB layer file that way was measured at 0.9 s of a copy's wall time.
     */
    public static java.io.OutputStream writeTemp(Path temp) throws IOException {
        return Files.newOutputStream(temp, java.nio.file.StandardOpenOption.WRITE);
    }

    /**
     * Renames {@code temp} over {@code target} inside a staging area (a blob into its content
     * address), atomically where the filesystem allows; the temp is no longer one to clean up.
     */
    public static void moveInto(Path temp, Path target) throws IOException {
        rename(temp, target);
        TempFiles.forget(temp);
    }

    /** The rename itself: atomic and replacing where the filesystem allows. */
    static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a whole tree, quietly; for cleaning temp output after a failure. */
    public static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is named as such
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
