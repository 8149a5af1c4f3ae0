package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import dev.ociconv.converter.io.TempFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An archive that cannot be read in place (compressed, or piped on stdin), read once from start
 * to end. Small documents (JSON, {@code VERSION}, small blobs) stay in memory under a budget;
 * every other regular file is spooled to its own file while its sha256 is computed. There is no
 * whole-archive copy: only entry data is kept, once. The spool is deleted on {@link #close()}.
 */
final class SpooledContents extends ArchiveContents {
    /** In-memory budget for small entries altogether; beyond it they are spooled too. */
    static final long MEMORY_BUDGET = 32L << 20;

    private final Path spool;
    private final Map<String, byte[]> inMemory = new HashMap<>();
    private final Map<String, Path> spooled = new HashMap<>();
    private final Map<String, Digest> digests = new HashMap<>();

    private SpooledContents(String archive, Path spool) {
        super(archive);
        this.spool = spool;
    }

    /** Reads {@code tarStream} (already decompressed) to its end; the caller closes the stream. */
    static SpooledContents read(InputStream tarStream, Path spoolDir, String archive, Limits limits) throws IOException {
        Files.createDirectories(spoolDir);
        TempFiles.sweep(spoolDir);
        SpooledContents contents = new SpooledContents(archive, TempFiles.directory(spoolDir, "spool"));
        try {
            contents.readAll(tarStream, limits);
            return contents;
        } catch (IOException | RuntimeException e) {
            contents.close();
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(archive)) {
                throw io;
            }
            throw new IOException(archive + ": not a readable tar archive: " + e.getMessage(), e);
        }
    }

    private void readAll(InputStream tarStream, Limits limits) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        long memory = 0;
        long unpacked = 0;
        int counter = 0;
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            ArchiveEntry entry = record(e, limits.maxEntries(), limits.maxPathLength());
            if (entry == null || entry.kind() != ArchiveEntry.Kind.FILE) {
                continue;
            }
            inMemory.remove(entry.name());
            spooled.remove(entry.name());
            unpacked += entry.size();
            if (unpacked > limits.maxUnpackedBytes()) {
                // a compression bomb must not fill the disk
                throw new IOException(archive() + ": more than the limit of " + limits.maxUnpackedBytes() + " bytes to unpack");
            }
            if (keepInMemory(entry, limits) && memory + entry.size() <= MEMORY_BUDGET) {
                byte[] data = tar.readNBytes((int) entry.size());
                if (data.length != entry.size()) {
                    throw new IOException(archive() + ": entry " + ArchivePaths.printable(entry.name()) + " is truncated");
                }
                memory += data.length;
                inMemory.put(entry.name(), data);
                digests.put(entry.name(), Digest.sha256(data));
            } else {
                Path file = spool.resolve("entry-" + counter++);
                long n;
                DigestingOutputStream digesting;
                try (OutputStream out = Files.newOutputStream(file)) {
                    digesting = new DigestingOutputStream(out);
                    n = tar.transferTo(digesting);
                    digesting.flush();
                }
                if (n != entry.size()) {
                    throw new IOException(archive() + ": entry " + ArchivePaths.printable(entry.name()) + " is truncated");
                }
                spooled.put(entry.name(), file);
                digests.put(entry.name(), digesting.digest());
            }
        }
        // Drain what follows the end-of-archive marker so a compressed stream is checked to its end.
        tarStream.transferTo(OutputStream.nullOutputStream());
    }

    /** Documents we parse, and blobs small enough to be documents: worth keeping in memory. */
    private static boolean keepInMemory(ArchiveEntry e, Limits limits) {
        if (e.size() > Math.max(limits.maxConfigBytes(), limits.maxManifestBytes())) {
            return false;
        }
        String n = e.name();
        String base = n.substring(n.lastIndexOf('/') + 1);
        return base.endsWith(".json") || base.equals("json") || base.equals("VERSION")
                || n.equals("repositories") || n.equals("oci-layout")
                || base.startsWith("sha256:") || n.startsWith("blobs/") && e.size() <= 64 * 1024;
    }

    @Override
    InputStream openData(ArchiveEntry file) throws IOException {
        byte[] data = inMemory.get(file.name());
        if (data != null) {
            return new ByteArrayInputStream(data);
        }
        Path p = spooled.get(file.name());
        if (p == null) {
            throw new IOException(archive() + ": entry " + ArchivePaths.printable(file.name()) + " has no data");
        }
        return Files.newInputStream(p);
    }

    @Override
    Optional<Digest> knownSha256(ArchiveEntry file) {
        return Optional.ofNullable(digests.get(file.name()));
    }

    @Override
    public void close() {
        TempFiles.delete(spool);
    }
}
