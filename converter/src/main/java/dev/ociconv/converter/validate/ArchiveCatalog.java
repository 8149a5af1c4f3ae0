package dev.ociconv.converter.validate;

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
import java.util.ArrayList;
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
 * <p>It sits below the transport SPI on purpose: {@code validate} must report what a source
 * would reject early, and {@code explain}/{@code inspect --tree} show what is really in the file.
 * Layers are hashed while streamed, never held in memory.
 */
public final class ArchiveCatalog {
    /** Larger files are never kept as documents (the project's manifest/config cap). */
    static final int DOCUMENT_CAP = 4 << 20;
    /** All documents kept together: memory stays bounded whatever the archive holds. */
    static final long DOCUMENTS_BUDGET = 64L << 20;
    private static final int MAX_LINK_HOPS = 16;

    /** What an entry is. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

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
    public record Entry(String name, Kind kind, String linkTarget, long size, Digest digest, Compression compression,
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

    /** Linux's PATH_MAX: a longer entry name cannot be extracted anywhere. */
    static final int PATH_MAX = 4096;

    private final String description;
    private final boolean directory;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> rejectedNames = new ArrayList<>();
    private final List<String> overlongNames = new ArrayList<>();

    private ArchiveCatalog(String description, boolean directory) {
        this.description = description;
        this.directory = directory;
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
                if (e.getName().length() > PATH_MAX) {
                    // a PAX header can carry any length; no file system (nor docker load) extracts it
                    c.overlongNames.add(e.getName().length() + " bytes: " + EntryNames.printable(e.getName().substring(0, 64)) + "...");
                    continue;
                }
                String name = EntryNames.normalise(e.getName());
                if (name == null && EntryNames.isRoot(e.getName())) {
                    continue; // "./" itself, as tar -C dir . writes it
                }
                if (name == null) {
                    c.rejectedNames.add(EntryNames.printable(e.getName()));
                    continue;
                }
                if (e.isDirectory()) {
                    c.put(new Entry(name, Kind.DIRECTORY, null, 0, null, Compression.NONE, null, null, null));
                } else if (e.isSymbolicLink() || e.isLink()) {
                    c.put(new Entry(name, e.isSymbolicLink() ? Kind.SYMLINK : Kind.HARDLINK, e.getLinkName(), 0, null,
                            Compression.NONE, null, null, null));
                } else if (e.isFile()) {
                    c.put(EntryScanner.scan(name, tar, e.getSize(), listFiles, c.documentRoom(e.getSize())));
                } else {
                    c.put(new Entry(name, Kind.OTHER, null, e.getSize(), null, Compression.NONE, null, null, null));
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
                c.put(new Entry(name, Kind.SYMLINK, Files.readSymbolicLink(p).toString(), 0, null, Compression.NONE,
                        null, null, null));
            } else if (Files.isDirectory(p)) {
                c.put(new Entry(name, Kind.DIRECTORY, null, 0, null, Compression.NONE, null, null, null));
            } else if (Files.isRegularFile(p)) {
                try (InputStream in = Files.newInputStream(p)) {
                    c.put(EntryScanner.scan(name, in, Files.size(p), listFiles, c.documentRoom(Files.size(p))));
                }
            } else {
                c.put(new Entry(name, Kind.OTHER, null, 0, null, Compression.NONE, null, null, null));
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
        if (entries.containsKey(e.name())) {
            duplicateNames.add(e.name()); // readers disagree on which one counts: an ambiguous archive
        }
        entries.remove(e.name()); // a later entry of the same name replaces the earlier, as tar extraction does
        entries.put(e.name(), e);
    }

    private final java.util.Set<String> duplicateNames = new java.util.LinkedHashSet<>();

    /** Names (normalised) that more than one entry has. */
    public List<String> duplicateNames() {
        return List.copyOf(duplicateNames);
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

    /** Names longer than {@link #PATH_MAX}, skipped (their length and start). */
    public List<String> overlongNames() {
        return List.copyOf(overlongNames);
    }

    /** Names that were skipped because they are absolute or climb out of the archive. */
    public List<String> rejectedNames() {
        return List.copyOf(rejectedNames);
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
     * hard links (from the archive root); empty when missing, escaping, looping or not a file.
     */
    public Optional<Entry> resolve(String name) {
        String n = EntryNames.normalise(name);
        for (int hop = 0; n != null && hop < MAX_LINK_HOPS; hop++) {
            Entry e = entries.get(n);
            if (e == null) {
                return Optional.empty();
            }
            switch (e.kind()) {
                case FILE -> {
                    return Optional.of(e);
                }
                case SYMLINK -> n = EntryNames.symlinkTarget(e.name(), e.linkTarget());
                case HARDLINK -> n = EntryNames.normalise(e.linkTarget());
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
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
