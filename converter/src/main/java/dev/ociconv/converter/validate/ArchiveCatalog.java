package dev.ociconv.converter.validate;

import dev.ociconv.converter.archive.TarEntry;
import dev.ociconv.converter.archive.TarIndex;
import dev.ociconv.converter.archive.TarPolicy;
import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every entry of an archive (a tar, compressed or not) or of a layout directory, read in one
 * sequential pass: names, types, link targets, sizes and digests of each file, the exact bytes of
 * small JSON documents, and optionally the entries of each file that is itself a tar (a layer).
 *
 * <p>Names, duplicates and links are judged by the one tar store's {@link TarIndex}, as the
 * sources judge them, but reported rather than refused.
 *
 * <p>It sits below the transport SPI on purpose: {@code validate} must report what a source
 * would reject early, and {@code explain}/{@code inspect --tree} show what is really in the file.
 * Layers are hashed while streamed, never held in memory.
 */
public final class ArchiveCatalog {
    /** Larger files are never kept as documents (the project's manifest/config cap). */
    static final int DOCUMENT_CAP = 4 << 20;
    /** All documents kept together: memory stays bounded whatever the archive holds. */
    static final long DOCUMENTS_BUDGET = 64L << 20;

    /**
     * One entry.
     *
     * @param name               normalised name ({@code a/b}, no {@code ./}, no trailing slash)
     * @param linkTarget         a link's target as written, else null
     * @param digest             sha256 of a file's bytes, else null
     * @param compression        how a file's bytes are compressed (sniffed)
     * @param uncompressedDigest sha256 after decompression (= digest when not compressed); null when not decompressible
     * @param document           the bytes of a small file that looks like JSON, else null
     * @param listing            the entries of a file that is a tar, when asked for, else null
     */
    public record Entry(String name, TarEntry.Kind kind, String linkTarget, long size, Digest digest, Compression compression,
                        Digest uncompressedDigest, byte[] document, LayerListing listing) {
    }

    /**
     * What a layer tar holds: its first changes ({@code + path}, {@code - path} for a whiteout,
     * {@code opaque dir/} for an opaque marker) and how many entries it has in all.
     */
    public record LayerListing(List<String> changes, int total) {
        public LayerListing {
            changes = List.copyOf(changes);
        }
    }

    private final String description;
    private final boolean directory;
    private final TarIndex index;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ArchiveCatalog(String description, boolean directory) {
        this.description = description;
        this.directory = directory;
        this.index = new TarIndex(description, TarPolicy.reporting());
    }

    /**
     * Reads {@code path}: a directory (an OCI layout) or an archive file in any compression.
     *
     * @param listFiles list the entries of each tar-shaped file, keeping up to this many changes
     *                  per file; negative: do not list
     */
    public static ArchiveCatalog read(Path path, int listFiles) throws IOException {
        if (Files.isDirectory(path)) {
            return readDirectory(path, listFiles);
        }
        ArchiveCatalog c = new ArchiveCatalog(path.toString(), false);
        InputStream opened = Files.newInputStream(path); // a missing file is said as such, not as a bad tar
        try (InputStream file = opened) {
            InputStream plain = Compressors.decompressSniffed(file).stream();
            TarArchiveInputStream tar = new TarArchiveInputStream(plain);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                TarEntry t = c.index.record(e);
                if (t == null) {
                    continue; // an overlong, absolute or escaping name: the index keeps it to report
                }
                if (t.kind() == TarEntry.Kind.FILE) {
                    c.put(EntryScanner.scan(t.name(), tar, t.size(), listFiles, c.documentRoom(t.size())));
                } else {
                    c.put(new Entry(t.name(), t.kind(), t.rawLink(), t.kind() == TarEntry.Kind.OTHER ? e.getSize() : 0,
                            null, Compression.NONE, null, null, null));
                }
            }
        } catch (IOException e) {
            throw new IOException(path + ": cannot read as a tar archive: " + e.getMessage(), e);
        }
        return c;
    }

    private static ArchiveCatalog readDirectory(Path root, int listFiles) throws IOException {
        ArchiveCatalog c = new ArchiveCatalog(root.toString(), true);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path p : paths) {
            String name = root.relativize(p).toString().replace('\\', '/');
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                c.index.record(name, TarEntry.Kind.SYMLINK, 0, target);
                c.put(new Entry(name, TarEntry.Kind.SYMLINK, target, 0, null, Compression.NONE, null, null, null));
            } else if (Files.isDirectory(p)) {
                c.index.record(name, TarEntry.Kind.DIRECTORY, 0, null);
                c.put(new Entry(name, TarEntry.Kind.DIRECTORY, null, 0, null, Compression.NONE, null, null, null));
            } else if (Files.isRegularFile(p)) {
                long size = Files.size(p);
                c.index.record(name, TarEntry.Kind.FILE, size, null);
                try (InputStream in = Files.newInputStream(p)) {
                    c.put(EntryScanner.scan(name, in, size, listFiles, c.documentRoom(size)));
                }
            } else {
                c.index.record(name, TarEntry.Kind.OTHER, 0, null);
                c.put(new Entry(name, TarEntry.Kind.OTHER, null, 0, null, Compression.NONE, null, null, null));
            }
        }
        return c;
    }

    private long documentBytes;
    private boolean overBudget;

    /** True when JSON-looking files beyond {@link #DOCUMENTS_BUDGET} in all were hashed but not kept. */
    public boolean documentsOverBudget() {
        return overBudget;
    }

    /** Whether a document of this size may still be kept. */
    private boolean documentRoom(long size) {
        if (size > DOCUMENT_CAP) {
            return false;
        }
        if (documentBytes + size > DOCUMENTS_BUDGET) {
            overBudget = true;
            return false;
        }
        return true;
    }

    private void put(Entry e) {
        if (e.document() != null) {
            documentBytes += e.document().length;
        }
        entries.remove(e.name()); // a later entry of the same name replaces the earlier, as tar extraction does
        entries.put(e.name(), e);
    }

    /** Names (normalised) that more than one entry has: readers disagree on which one counts. */
    public List<String> duplicateNames() {
        return index.duplicateNames();
    }

    public String description() {
        return description;
    }

    /** True when read from a directory rather than an archive file. */
    public boolean isDirectory() {
        return directory;
    }

    /** Every entry, in archive (or sorted directory) order. */
    public Collection<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** Names longer than {@link TarPolicy#PATH_MAX}, skipped (their length and start). */
    public List<String> overlongNames() {
        return index.overlongNames();
    }

    /** Names that were skipped because they are absolute or climb out of the archive. */
    public List<String> rejectedNames() {
        return index.rejectedNames();
    }

    /** The entry of exactly this (normalised) name, links not followed. */
    public Optional<Entry> entry(String name) {
        String n = EntryNames.normalise(name);
        return n == null ? Optional.empty() : Optional.ofNullable(entries.get(n));
    }

    /** True when any entry lives below {@code dir}. */
    public boolean hasDirectory(String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        return entries.containsKey(dir) || entries.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /**
     * The file a name leads to, following symbolic links (relative to the link's directory) and
     * hard links (from the archive root) as the sources do; empty when missing, escaping, looping
     * or not a file.
     */
    public Optional<Entry> resolve(String name) {
        return index.resolve(name).map(t -> entries.get(t.name()));
    }

    /** Whether the chain of links from {@code name} ends at a file (helps say why resolution failed). */
    public String describeMissing(String name) {
        if (EntryNames.normalise(name) == null) {
            return "is not a relative path inside the " + (directory ? "directory" : "archive");
        }
        Entry e = entries.get(EntryNames.normalise(name));
        if (e == null) {
            return "not in the " + (directory ? "directory" : "archive");
        }
        return switch (e.kind()) {
            case SYMLINK, HARDLINK -> "link to '" + EntryNames.printable(e.linkTarget()) + "' leads to no file";
            case DIRECTORY -> "is a directory";
            default -> "is not a regular file";
        };
    }
}
