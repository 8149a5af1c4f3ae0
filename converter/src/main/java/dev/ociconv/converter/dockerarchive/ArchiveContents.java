package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.EntryNames;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of a tar archive, by normalised name, with their data. Links are followed here,
 * inside the archive only: a symbolic link relative to its own directory, a hard link from the
 * root; at most {@value #MAX_HOPS} hops, never out of the archive.
 *
 * <p>Two implementations: random access over an uncompressed file ({@link TarFileContents}) and
 * a single sequential pass that keeps small documents in memory and spools the rest
 * ({@link SpooledContents}). Both are safe for concurrent readers.
 */
abstract class ArchiveContents implements Closeable {
    static final int MAX_HOPS = 8;

    private final String archive;
    private final Map<String, ArchiveEntry> entries = new LinkedHashMap<>();
    private long seen;
    private Long firstSymlinkMtime;
    private Long indexJsonMtime;
    private boolean modeTypeBits;
    /** The owner names every header gave so far ("u:g"), "" once two headers disagree; null before the first. */
    private String ownerNames;

    ArchiveContents(String archive) {
        this.archive = archive;
    }

    /** The archive as named in messages. */
    final String archive() {
        return archive;
    }

    /** Every entry by normalised name, in archive order (a name occurs once: duplicates are refused). */
    final Map<String, ArchiveEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Records an entry while the archive is listed; returns its normalised form, or null if it can never be named. */
    final ArchiveEntry record(TarArchiveEntry e, long maxEntries, int maxPathLength) throws IOException {
        if (++seen > maxEntries) {
            throw new IOException(archive + ": more than " + maxEntries + " entries");
        }
        if (e.getName().length() > maxPathLength) {
            throw new IOException(archive + ": entry name of " + e.getName().length() + " characters is longer than the limit of " + maxPathLength);
        }
        noteSavingTraces(e);
        String name = ArchivePaths.normaliseEntryName(e.getName());
        if (name == null) {
            return null; // absolute or escaping names can never be referenced: ignore them
        }
        ArchiveEntry entry;
        if (e.isSymbolicLink()) {
            entry = new ArchiveEntry(name, ArchiveEntry.Kind.SYMLINK, 0, ArchivePaths.symlinkTarget(name, e.getLinkName()), e.getLinkName());
        } else if (e.isLink()) {
            entry = new ArchiveEntry(name, ArchiveEntry.Kind.HARDLINK, 0, ArchivePaths.normaliseEntryName(e.getLinkName()), e.getLinkName());
        } else if (e.isDirectory()) {
            entry = new ArchiveEntry(name, ArchiveEntry.Kind.DIRECTORY, 0, null, null);
        } else if (e.isFile()) {
            if (e.isSparse()) {
                throw new IOException(archive + ": entry " + ArchivePaths.printable(name) + " is a sparse file, which image archives do not use");
            }
            entry = new ArchiveEntry(name, ArchiveEntry.Kind.FILE, e.getSize(), null, null);
        } else {
            entry = new ArchiveEntry(name, ArchiveEntry.Kind.OTHER, 0, null, null);
        }
        if (entries.containsKey(name)) {
            throw EntryNames.duplicate(archive, name);
        }
        entries.put(name, entry);
        return entry;
    }

    /** What the saving tool left in tar headers, needed to write the archive again as it was. */
    private void noteSavingTraces(TarArchiveEntry e) {
        modeTypeBits |= (e.getMode() & 0170000) != 0;
        String owner = e.getUserName() + ":" + e.getGroupName();
        if (ownerNames == null) {
            ownerNames = owner;
        } else if (!ownerNames.equals(owner)) {
            ownerNames = ""; // mixed: not one saving tool's style to keep
        }
        long mtime = e.getModTime().toInstant().getEpochSecond();
        if (e.isSymbolicLink() && firstSymlinkMtime == null) {
            firstSymlinkMtime = mtime;
        }
        if (IndexJsonAgreement.INDEX_JSON.equals(ArchivePaths.normaliseEntryName(e.getName()))) {
            indexJsonMtime = mtime;
        }
    }

    /**
     * When the archive was saved, as far as its headers tell: Docker dates the entries it makes
     * up (a symlinked layer, Docker 25's index.json) with the time of saving.
     */
    final Optional<Long> savedAtSeconds() {
        return Optional.ofNullable(indexJsonMtime != null ? indexJsonMtime : firstSymlinkMtime);
    }

    /** True when some tar header's mode carries file type bits (Docker up to 22.06 wrote {@code 0100644}). */
    final boolean modeTypeBits() {
        return modeTypeBits;
    }

    /**
     * {@code USER:GROUP} when every tar header names the same owner (Debian's Docker 20.10 writes
     * {@code root:root}), else empty.
     */
    final Optional<String> ownerNames() {
        return ownerNames == null || ownerNames.isEmpty() || ownerNames.equals(":") ? Optional.empty() : Optional.of(ownerNames);
    }

    /** Tar entries read, including those whose names can never be referenced. */
    final long entryCount() {
        return seen;
    }

    /** True when the name exists (as any kind of entry). */
    final boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The regular file a name refers to, following links inside the archive.
     *
     * @throws IOException when the name is absent, a link leaves the archive, loops or chains
     *                     more than {@value #MAX_HOPS} hops, or the end is not a regular file
     */
    final Optional<ArchiveEntry> findFile(String name) throws IOException {
        ArchiveEntry e = entries.get(name);
        if (e == null) {
            return Optional.empty();
        }
        String start = name;
        for (int hops = 0; e.isLink(); hops++) {
            if (hops >= MAX_HOPS) {
                throw new IOException(archive + ": entry " + ArchivePaths.printable(start)
                        + ": more than " + MAX_HOPS + " links to follow (a loop?)");
            }
            if (e.link() == null) {
                throw new IOException(archive + ": entry " + ArchivePaths.printable(start) + ": link "
                        + ArchivePaths.printable(e.name()) + " -> " + ArchivePaths.printable(String.valueOf(e.rawLink()))
                        + " points outside the archive");
            }
            ArchiveEntry next = entries.get(e.link());
            if (next == null) {
                throw new IOException(archive + ": entry " + ArchivePaths.printable(start) + ": link "
                        + ArchivePaths.printable(e.name()) + " -> " + ArchivePaths.printable(e.rawLink())
                        + " points to a missing entry");
            }
            e = next;
        }
        if (e.kind() != ArchiveEntry.Kind.FILE) {
            throw new IOException(archive + ": entry " + ArchivePaths.printable(start) + " is not a regular file");
        }
        return Optional.of(e);
    }

    /** Like {@link #findFile} but absence is an error. */
    final ArchiveEntry file(String name, String what) throws IOException {
        return findFile(name).orElseThrow(() -> new IOException(
                archive + ": " + what + " " + ArchivePaths.printable(name) + " is not in the archive"));
    }

    /** The bytes of a small file (following links), read under a cap. */
    final byte[] readSmall(String name, long limit, String what) throws IOException {
        ArchiveEntry e = file(name, what);
        try (InputStream in = openData(e)) {
            return BoundedReads.readAtMost(in, e.size(), limit, archive + ": " + what + " " + ArchivePaths.printable(name));
        }
    }

    /** The data of a file (following links). */
    final InputStream open(String name, String what) throws IOException {
        return openData(file(name, what));
    }

    /** How the file's bytes are compressed, from its first bytes. */
    final Compression sniff(ArchiveEntry file) throws IOException {
        byte[] head = new byte[Compression.SNIFF_LENGTH];
        int n = 0;
        try (InputStream in = openData(file)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return Compression.sniff(head, n);
    }

    /** The sha256 of a file's bytes when it was computed while reading the archive. */
    Optional<Digest> knownSha256(ArchiveEntry file) {
        return Optional.empty();
    }

    /** The data of a regular file entry. */
    abstract InputStream openData(ArchiveEntry file) throws IOException;
}
