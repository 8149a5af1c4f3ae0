package dev.ociconv.converter.dockerarchive;

import java.util.Objects;

/**
 * One tar entry of an archive, under its normalised name.
 *
 * @param name   normalised name ({@code ./a/b} is {@code a/b})
 * @param kind   what the entry is
 * @param size   bytes of data (0 for links and directories)
 * @param link   for links, the normalised name they point to ({@code null} when the target leaves
 *               the archive), else {@code null}
 * @param rawLink the link target as written, for messages
 */
record ArchiveEntry(String name, Kind kind, long size, String link, String rawLink) {

    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    ArchiveEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
    }

    boolean isLink() {
        return kind == Kind.SYMLINK || kind == Kind.HARDLINK;
    }
}
