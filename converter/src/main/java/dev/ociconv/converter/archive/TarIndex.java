package dev.ociconv.converter.archive;

import dev.ociconv.converter.io.EntryNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of one archive by normalised name, and where a name leads through its links. Every
 * reader of a tar records its headers here, so a docker archive, an OCI archive and
 * {@code validate} agree on what an archive holds: one normaliser ({@link EntryNames}), one rule
 * for names given twice (refused: skopeo takes the first such entry, {@code docker load} the
 * last, so a scanner and a loader could see different images), one link walk.
 */
public final class TarIndex {
    /** Links followed from one name at most; a longer chain is taken for a loop. */
    public static final int MAX_LINK_HOPS = 8;

    private final String archive;
    private final TarPolicy policy;
    private final Map<String, TarEntry> entries = new LinkedHashMap<>();
    private final Set<String> duplicateNames = new LinkedHashSet<>();
    private final List<String> rejectedNames = new ArrayList<>();
    private final List<String> overlongNames = new ArrayList<>();
    private long seen;

    public TarIndex(String archive, TarPolicy policy) {
        this.archive = archive;
        this.policy = policy;
    }

    /** The archive as named in messages. */
    public String archive() {
        return archive;
    }

    public TarPolicy policy() {
        return policy;
    }

    /** Records a tar header; returns its entry, or null when its name can never be referenced. */
    public TarEntry record(TarArchiveEntry e) throws IOException {
        TarEntry.Kind kind;
        if (e.isSymbolicLink()) {
            kind = TarEntry.Kind.SYMLINK;
        } else if (e.isLink()) {
            kind = TarEntry.Kind.HARDLINK;
        } else if (e.isDirectory()) {
            kind = TarEntry.Kind.DIRECTORY;
        } else if (e.isFile()) {
            if (e.isSparse() && policy.strict()) {
                throw new IOException(archive + ": entry " + EntryNames.printable(e.getName())
                        + " is a sparse file, which image archives do not use");
            }
            kind = TarEntry.Kind.FILE;
        } else {
            kind = TarEntry.Kind.OTHER;
        }
        boolean link = kind == TarEntry.Kind.SYMLINK || kind == TarEntry.Kind.HARDLINK;
        return record(e.getName(), kind, kind == TarEntry.Kind.FILE ? e.getSize() : 0, link ? e.getLinkName() : null);
    }

    /**
     * Records an entry by its raw name (a tar header's, or a path in a layout directory); returns
     * its entry, or null when the name can never be referenced (absolute, climbing out, the root).
     */
    public TarEntry record(String rawName, TarEntry.Kind kind, long size, String rawLink) throws IOException {
        if (++seen > policy.maxEntries()) {
            throw new IOException(archive + ": more than " + policy.maxEntries() + " entries");
        }
        if (rawName.length() > policy.maxPathLength()) {
            if (policy.strict()) {
                throw new IOException(archive + ": entry name of " + rawName.length()
                        + " characters is longer than the limit of " + policy.maxPathLength());
            }
            // a PAX header can carry any length; no file system (nor docker load) extracts it
            overlongNames.add(rawName.length() + " bytes: " + EntryNames.printable(rawName.substring(0, 64)) + "...");
            return null;
        }
        String name = EntryNames.normalise(rawName);
        if (name == null) {
            if (!EntryNames.isRoot(rawName)) { // "./" itself, as tar -C dir . writes it, is no name
                rejectedNames.add(EntryNames.printable(rawName));
            }
            return null;
        }
        String link = switch (kind) {
            case SYMLINK -> EntryNames.symlinkTarget(name, rawLink);
            case HARDLINK -> EntryNames.normalise(rawLink);
            default -> null;
        };
        TarEntry entry = new TarEntry(name, kind, size, link, rawLink);
        if (entries.containsKey(name)) {
            if (policy.strict()) {
                throw EntryNames.duplicate(archive, name);
            }
            duplicateNames.add(name);
            entries.remove(name); // the later entry stands, as extraction leaves it
        }
        entries.put(name, entry);
        return entry;
    }

    /** Every entry by normalised name, in archive order. */
    public Map<String, TarEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Headers read, including those whose names can never be referenced. */
    public long headerCount() {
        return seen;
    }

    /** Names (normalised) that more than one entry has; only a reporting reader gets this far. */
    public List<String> duplicateNames() {
        return List.copyOf(duplicateNames);
    }

    /** Raw names skipped because they are absolute or climb out of the archive, made printable. */
    public List<String> rejectedNames() {
        return List.copyOf(rejectedNames);
    }

    /** Names longer than the policy allows, skipped (their length and start); only a reporting reader gets this far. */
    public List<String> overlongNames() {
        return List.copyOf(overlongNames);
    }

    /**
     * The regular file {@code name} leads to (a raw or normalised name), following links where
     * the policy does; empty when the archive has no such entry.
     *
     * @throws IOException when the name leads nowhere: a link that leaves the archive, points to
     *                     a missing entry, is refused by the policy or chains more than
     *                     {@value #MAX_LINK_HOPS} hops; an end that is not a regular file
     */
    public Optional<TarEntry> findFile(String name) throws IOException {
        Walk w = walk(name);
        if (w.failure() != null) {
            throw new IOException(archive + ": entry " + EntryNames.printable(EntryNames.normalise(name)) + w.failure());
        }
        return Optional.ofNullable(w.file());
    }

    /** Like {@link #findFile} but never fails: empty when the name leads to no regular file. */
    public Optional<TarEntry> resolve(String name) {
        return Optional.ofNullable(walk(name).file());
    }

    /** Where a walk ended: the file, or why it did not reach one (null and null: no such entry). */
    private record Walk(TarEntry file, String failure) {
    }

    private Walk walk(String rawName) {
        String start = EntryNames.normalise(rawName);
        TarEntry e = start == null ? null : entries.get(start);
        if (e == null) {
            return new Walk(null, null);
        }
        for (int hops = 0; e.isLink(); hops++) {
            String link = ": link " + EntryNames.printable(e.name()) + " -> " + EntryNames.printable(String.valueOf(e.rawLink()));
            if (!policy.followLinks()) {
                return new Walk(null, ": a link in the archive, not a file (links are not followed)");
            }
            if (hops >= MAX_LINK_HOPS) {
                return new Walk(null, ": more than " + MAX_LINK_HOPS + " links to follow (a loop?)");
            }
            if (e.link() == null) {
                return new Walk(null, link + " points outside the archive");
            }
            TarEntry next = entries.get(e.link());
            if (next == null) {
                return new Walk(null, link + " points to a missing entry");
            }
            e = next;
        }
        if (e.kind() != TarEntry.Kind.FILE) {
            return new Walk(null, " is not a regular file");
        }
        return new Walk(e, null);
    }
}
