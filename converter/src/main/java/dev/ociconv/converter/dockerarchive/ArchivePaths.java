package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.EntryNames;

import java.io.IOException;

/**
 * Entry names inside an archive, normalised so that {@code ./a/b}, {@code a//b} and {@code a/b/}
 * all name {@code a/b}. A name that would leave the archive root ({@code ../x}, {@code /etc/x})
 * is never followed: archives are untrusted input and nothing they name may resolve outside them.
 */
final class ArchivePaths {
    private ArchivePaths() {
    }

    /** The normal form of a tar entry's name, or {@code null} when it leaves the root or is the root. */
    static String normaliseEntryName(String name) {
        return EntryNames.normalise(name);
    }

    /**
     * A path named by {@code manifest.json} (Config, Layers), normalised; absolute paths and paths
     * that climb out of the archive are rejected.
     */
    static String reference(String path, String archive, String what) throws IOException {
        if (path == null || path.isEmpty()) {
            throw new IOException(archive + ": " + what + " is empty");
        }
        if (path.startsWith("/") || path.indexOf('\0') >= 0 || path.contains("\\")) {
            throw new IOException(archive + ": " + what + " '" + printable(path) + "' is not a relative path inside the archive");
        }
        String n = EntryNames.normalise(path);
        if (n == null) {
            throw new IOException(archive + ": " + what + " '" + printable(path) + "' leaves the archive");
        }
        return n;
    }

    /**
     * Where a symbolic link points: {@code target} read relative to the link's directory.
     * Returns {@code null} when the target is absolute or climbs out of the archive.
     */
    static String symlinkTarget(String linkName, String target) {
        return EntryNames.symlinkTarget(linkName, target);
    }

    /** Keeps hostile names readable in one-line messages. */
    static String printable(String s) {
        return EntryNames.printable(s);
    }
}
