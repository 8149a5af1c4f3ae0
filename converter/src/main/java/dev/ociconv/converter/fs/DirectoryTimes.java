package dev.ociconv.converter.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.TreeMap;

/**
 * Directory owners, modes and times, applied once everything is written (deepest first), so
 * that writing into a directory neither bumps its mtime afterwards nor fails on a read-only mode.
 * Keys are resolved, symlink-free paths; a deleted subtree is forgotten.
 */
final class DirectoryTimes {
    record Meta(int mode, long uid, long gid, FileTime mtime, boolean explicit) {
    }

    private final TreeMap<String, Meta> dirs = new TreeMap<>();

    void put(String resolved, Meta meta) {
        dirs.put(resolved, meta);
    }

    /** Records an implicitly created parent (0755, no time), unless the layer already said more. */
    void implicit(String resolved) {
        dirs.putIfAbsent(resolved, new Meta(0755, 0, 0, null, false));
    }

    void forget(String resolved) {
        dirs.remove(resolved);
        // Descendants sort between "p/" and "p0" ('0' follows '/').
        dirs.subMap(resolved + "/", resolved + "0").clear();
    }

    void apply(ConfinedRoot root, Attributes attributes) throws IOException {
        for (var e : dirs.descendingMap().entrySet()) {
            // Re-check that the path is still a real directory reached without symlinks.
            String rel = root.resolveStrict(e.getKey());
            if (rel == null) {
                continue;
            }
            Path p = root.path(rel);
            var a = ConfinedRoot.attributes(p);
            if (a == null || !a.isDirectory()) {
                continue;
            }
            Meta m = e.getValue();
            if (m.explicit()) {
                attributes.owner(p, m.uid(), m.gid());
            }
            attributes.mode(p, m.mode());
            attributes.mtime(p, m.mtime(), false);
        }
    }
}
