package dev.ociconv.converter.archive;

import java.util.Objects;

/**
 * One tar entry under its normalised name.
 *
 * @param name    normalised name ({@code ./a//b/} is {@code a/b})
 * @param kind    what the entry is
 * @param size    bytes of data (0 for links and directories)
 * @param link    for links, the normalised name they point to ({@code null} when the target
 *                leaves the archive), else {@code null}
 * @param rawLink the link target as written, for messages; else {@code null}
 */
public record TarEntry(String name, Kind kind, long size, String link, String rawLink) {

    /** What an entry is; every tar type that is not one of the first four is {@code OTHER}. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public TarEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
    }

    public boolean isLink() {
        return kind == Kind.SYMLINK || kind == Kind.HARDLINK;
    }
}
