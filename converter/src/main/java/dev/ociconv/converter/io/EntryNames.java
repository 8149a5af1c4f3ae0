package dev.ociconv.converter.io;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Entry names normalised so that {@code ./a/b}, {@code a//b} and {@code a/b/} all name
 * {@code a/b}; names that leave the root are refused (archives are untrusted input). Shared by
 * the docker archive reader and {@code validate}, so both see one archive the same way.
 */
public final class EntryNames {
    private EntryNames() {
    }

    /** The normal form, or null when absent, absolute, climbing out, or the root itself. */
    public static String normalise(String name) {
        if (name == null || name.startsWith("/") || name.indexOf('\0') >= 0) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : name.split("/")) {
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
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    /** True for names of the root itself: {@code .}, {@code ./}, {@code .//}. */
    public static boolean isRoot(String name) {
        return name != null && !name.isEmpty() && name.replace("/", "").replace(".", "").isEmpty()
                && !name.contains("..") && !name.startsWith("/");
    }

    /** A symbolic link's target read relative to the link's own directory. */
    public static String symlinkTarget(String linkName, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            return null;
        }
        int slash = linkName.lastIndexOf('/');
        return normalise((slash < 0 ? "" : linkName.substring(0, slash + 1)) + target);
    }

    /**
     * The error for an entry name that occurs twice in one archive: tar allows it, but readers
     * disagree on which entry counts (skopeo takes the first, {@code docker load} the last), so a
     * scanner and a loader could see different images.
     */
    public static java.io.IOException duplicate(String archive, String normalisedName) {
        return new java.io.IOException(archive + ": entry " + printable(normalisedName)
                + " occurs more than once: readers disagree on which one counts, so the archive is ambiguous");
    }

    /** Keeps hostile names readable in one-line messages. */
    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 200 ? b + "..." : b.toString();
    }
}
