package dev.ociconv.converter.dockerarchive;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

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
        if (name == null || name.startsWith("/") || name.indexOf('\0') >= 0) {
            return null;
        }
        String n = normalise(name);
        return n == null || n.isEmpty() ? null : n;
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
        String n = normalise(path);
        if (n == null || n.isEmpty()) {
            throw new IOException(archive + ": " + what + " '" + printable(path) + "' leaves the archive");
        }
        return n;
    }

    /**
     * Where a symbolic link points: {@code target} read relative to the link's directory.
     * Returns {@code null} when the target is absolute or climbs out of the archive.
     */
    static String symlinkTarget(String linkName, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            return null;
        }
        int slash = linkName.lastIndexOf('/');
        String dir = slash < 0 ? "" : linkName.substring(0, slash + 1);
        String n = normalise(dir + target);
        return n == null || n.isEmpty() ? null : n;
    }

    /** Resolves {@code .} and {@code ..} segments; {@code null} when {@code ..} climbs above the root. */
    private static String normalise(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return String.join("/", parts);
    }

    /** Keeps hostile names readable in one-line messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 200 ? b + "..." : b.toString();
    }
}
