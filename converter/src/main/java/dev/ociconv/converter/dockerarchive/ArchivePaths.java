package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.EntryNames;

import java.io.IOException;

/**
 * Paths that {@code manifest.json} names (Config, Layers), checked: archives are untrusted input
 * and nothing they name may resolve outside them. Entry names themselves are normalised by
 * {@link EntryNames}, as every archive reader does.
 */
final class ArchivePaths {
    private ArchivePaths() {
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
            throw new IOException(archive + ": " + what + " '" + EntryNames.printable(path) + "' is not a relative path inside the archive");
        }
        String n = EntryNames.normalise(path);
        if (n == null) {
            throw new IOException(archive + ": " + what + " '" + EntryNames.printable(path) + "' leaves the archive");
        }
        return n;
    }
}
