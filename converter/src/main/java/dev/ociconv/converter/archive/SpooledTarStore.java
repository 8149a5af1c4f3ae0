package dev.ociconv.converter.archive;

import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An archive that cannot be read in place (compressed, or piped on stdin), read once from start
 * to end. Files the format wants are kept: small documents in memory under
 * {@link SpoolPolicy#MEMORY_BUDGET}, every other one spooled to its own file in a private temp
 * directory, which {@link #close()} deletes. There is no whole-archive copy: only wanted entry
 * data is kept, once.
 */
public final class SpooledTarStore extends TarStore {
    private final Path spool;
    private final Map<String, byte[]> inMemory = new ConcurrentHashMap<>();
    private final Map<String, Path> spooled = new ConcurrentHashMap<>();
    private final Map<String, Digest> digests = new ConcurrentHashMap<>();

    private SpooledTarStore(TarIndex index, Path spool) {
        super(index);
        this.spool = spool;
    }

    /**
     * Reads {@code tarStream} (already decompressed) to its end, the stream's trailing bytes
     * included, so a compressed stream is checked to its end; the caller closes the stream.
     * Stale spools of killed runs under {@code spoolDir} are swept first.
     */
    public static SpooledTarStore read(InputStream tarStream, Path spoolDir, String archive, TarPolicy policy,
                                       SpoolPolicy spoolPolicy, HeaderObserver observer) throws IOException {
        Files.createDirectories(spoolDir);
        TempFiles.sweep(spoolDir);
        SpooledTarStore store = new SpooledTarStore(new TarIndex(archive, policy), TempFiles.directory(spoolDir, "spool"));
        try {
            store.readAll(tarStream, policy, spoolPolicy, observer);
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw unreadable(archive, e);
        }
    }

    private void readAll(InputStream tarStream, TarPolicy policy, SpoolPolicy spoolPolicy, HeaderObserver observer)
            throws IOException {
        TarIndex index = index();
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        long memory = 0;
        long unpacked = 0;
        int counter = 0;
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            observer.header(e);
            TarEntry entry = index.record(e);
            if (entry == null || entry.kind() != TarEntry.Kind.FILE || !spoolPolicy.wanted(entry)) {
                continue;
            }
            unpacked += entry.size();
            if (unpacked > policy.maxUnpackedBytes()) {
                // a compression bomb must not fill the disk
                throw new IOException(archive() + ": more than the limit of " + policy.maxUnpackedBytes() + " bytes to unpack");
            }
            if (spoolPolicy.inMemory(entry) && memory + entry.size() <= SpoolPolicy.MEMORY_BUDGET) {
                byte[] data = tar.readNBytes((int) entry.size());
                if (data.length != entry.size()) {
                    throw truncated(entry);
                }
                memory += data.length;
                inMemory.put(entry.name(), data);
                if (spoolPolicy.hash()) {
                    digests.put(entry.name(), Digest.sha256(data));
                }
            } else {
                Path file = spool.resolve("entry-" + counter++);
                long n;
                try (OutputStream out = Files.newOutputStream(file)) {
                    if (spoolPolicy.hash()) {
                        DigestingOutputStream digesting = new DigestingOutputStream(out);
                        n = tar.transferTo(digesting);
                        digesting.flush();
                        digests.put(entry.name(), digesting.digest());
                    } else {
                        n = tar.transferTo(out);
                    }
                }
                if (n != entry.size()) {
                    throw truncated(entry);
                }
                spooled.put(entry.name(), file);
            }
        }
        tarStream.transferTo(OutputStream.nullOutputStream());
    }

    private IOException truncated(TarEntry entry) {
        return new IOException(archive() + ": entry " + EntryNames.printable(entry.name()) + " is truncated");
    }

    @Override
    public boolean holdsData(TarEntry file) {
        return inMemory.containsKey(file.name()) || spooled.containsKey(file.name());
    }

    @Override
    public InputStream openData(TarEntry file) throws IOException {
        byte[] data = inMemory.get(file.name());
        if (data != null) {
            return new ByteArrayInputStream(data);
        }
        Path p = spooled.get(file.name());
        if (p == null) {
            throw new IOException(archive() + ": entry " + EntryNames.printable(file.name()) + " has no data");
        }
        return Files.newInputStream(p);
    }

    @Override
    public Optional<Digest> knownSha256(TarEntry file) {
        return Optional.ofNullable(digests.get(file.name()));
    }

    @Override
    public void close() {
        inMemory.clear();
        spooled.clear();
        TempFiles.delete(spool);
    }
}
