package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A layout tar that can only be read once, front to back (a compressed archive, a pipe). One
 * pass keeps what a layout holds: {@code oci-layout}, {@code index.json} and small blobs
 * (manifests, configs) in memory, larger blobs spooled to files in a private temp directory
 * that {@link #close()} deletes. Other entries are skipped. No whole-archive copy is made.
 */
final class SpooledTarLayoutStore implements LayoutStore {
    /** Blobs up to this size stay in memory: manifests and configs are all below it. */
    static final long IN_MEMORY_BLOB = 4L << 20;
    /** Beyond this much held in memory, even small blobs go to disk. */
    static final long IN_MEMORY_TOTAL = 64L << 20;

    private final Map<String, byte[]> small = new ConcurrentHashMap<>();
    private final Map<String, Path> spooled = new ConcurrentHashMap<>();
    private final Path spool;

    SpooledTarLayoutStore(InputStream tarStream, Path spoolDir, Limits limits, String what) throws IOException {
        Files.createDirectories(spoolDir);
        TempFiles.sweep(spoolDir);
        this.spool = TempFiles.directory(spoolDir, "oci-archive");
        try {
            read(tarStream, limits, what);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void read(InputStream tarStream, Limits limits, String what) throws IOException {
        long held = 0;
        long count = 0;
        long spooledBytes = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        TarArchiveEntry e;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while ((e = tar.getNextEntry()) != null) {
            if (++count > limits.maxEntries()) {
                throw new IOException(what + ": more than " + limits.maxEntries() + " entries");
            }
            LayoutStore.checkUnique(seen, e.getName(), what);
            String name = LayoutStore.normalizeEntryName(e.getName());
            if (name == null || !e.isFile() || e.isLink() || e.isSymbolicLink() || !wanted(name)) {
                continue; // directories, links and foreign files are never read as layout files
            }
            small.remove(name);
            Path old = spooled.remove(name);
            if (old != null) {
                Files.deleteIfExists(old);
            }
            boolean metadata = name.equals("oci-layout") || name.equals("index.json") || name.equals("mirror.json");
            if (metadata) {
                small.put(name, BoundedReads.readAtMost(tar, e.getSize(), limits.maxArchiveIndexBytes(), what + ": " + name));
            } else if (e.getSize() <= IN_MEMORY_BLOB && held + e.getSize() <= IN_MEMORY_TOTAL) {
                byte[] bytes = BoundedReads.readAtMost(tar, e.getSize(), IN_MEMORY_BLOB, what + ": " + name);
                held += bytes.length;
                small.put(name, bytes);
            } else {
                Path f = Files.createTempFile(spool, "blob-", "");
                spooled.put(name, f);
                try (OutputStream out = Files.newOutputStream(f)) {
                    spooledBytes += copyAtMost(tar, out, limits.maxUnpackedBytes() - spooledBytes, what);
                }
            }
        }
    }

    /** Copies to EOF, failing once more than {@code budget} bytes came: a compressed bomb must not fill the disk. */
    private static long copyAtMost(InputStream in, OutputStream out, long budget, String what) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > budget) {
                throw new BoundedReads.TooLargeException(what + ": the archive unpacks to more than the unpack limit (Limits.maxUnpackedBytes)");
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    /** Layout files: the two metadata files and blobs named by a valid digest. */
    private static boolean wanted(String name) {
        if (name.equals("oci-layout") || name.equals("index.json") || name.equals("mirror.json")) {
            return true; // mirror.json: a mirror bundle's inventory
        }
        String[] parts = name.split("/");
        return parts.length == 3 && parts[0].equals("blobs") && Digest.isValid(parts[1] + ":" + parts[2]);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        byte[] b = small.get(path);
        if (b != null) {
            return OptionalLong.of(b.length);
        }
        Path f = spooled.get(path);
        return f == null ? OptionalLong.empty() : OptionalLong.of(Files.size(f));
    }

    @Override
    public InputStream open(String path) throws IOException {
        byte[] b = small.get(path);
        if (b != null) {
            return new ByteArrayInputStream(b);
        }
        Path f = spooled.get(path);
        if (f == null) {
            throw new NoSuchFileException(path);
        }
        return Files.newInputStream(f);
    }

    @Override
    public java.util.Set<String> paths() {
        java.util.Set<String> out = new java.util.TreeSet<>(small.keySet());
        out.addAll(spooled.keySet());
        return out;
    }

    @Override
    public void close() {
        small.clear();
        spooled.clear();
        TempFiles.delete(spool);
    }
}
