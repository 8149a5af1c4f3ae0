package dev.ociconv.converter.archive;

import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * A tar archive's entries ({@link TarIndex}) with their data. Two ways to hold the data: read in
 * place from an uncompressed file ({@link RandomAccessTarStore}) or kept from one sequential pass
 * ({@link SpooledTarStore}). Both are safe for concurrent readers.
 */
public abstract class TarStore implements Closeable {

    /** Sees every tar header as it is read, before its name is judged: what a format wants of headers beyond names. */
    @FunctionalInterface
    public interface HeaderObserver {
        HeaderObserver NONE = e -> { };

        void header(TarArchiveEntry entry);
    }

    private final TarIndex index;

    protected TarStore(TarIndex index) {
        this.index = index;
    }

    /** The entries, and the policy they were read under. */
    public final TarIndex index() {
        return index;
    }

    /** The archive as named in messages. */
    public final String archive() {
        return index.archive();
    }

    /** Every entry by normalised name, in archive order. */
    public final Map<String, TarEntry> entries() {
        return index.entries();
    }

    /** Tar headers read, including those whose names can never be referenced. */
    public final long headerCount() {
        return index.headerCount();
    }

    /** True when the name exists (as any kind of entry). */
    public final boolean contains(String name) {
        return index.entries().containsKey(name);
    }

    /** The regular file a name leads to: see {@link TarIndex#findFile}. */
    public final Optional<TarEntry> findFile(String name) throws IOException {
        return index.findFile(name);
    }

    /** Like {@link #findFile} but absence is an error. */
    public final TarEntry file(String name, String what) throws IOException {
        return findFile(name).orElseThrow(() -> new IOException(
                archive() + ": " + what + " " + EntryNames.printable(name) + " is not in the archive"));
    }

    /** The bytes of a small file (following links where the policy does), read under a cap. */
    public final byte[] readSmall(String name, long limit, String what) throws IOException {
        TarEntry e = file(name, what);
        try (InputStream in = openData(e)) {
            return BoundedReads.readAtMost(in, e.size(), limit, archive() + ": " + what + " " + EntryNames.printable(name));
        }
    }

    /** The data of a file (following links where the policy does). */
    public final InputStream open(String name, String what) throws IOException {
        return openData(file(name, what));
    }

    /** How a file's bytes are compressed, from its first bytes. */
    public final Compression sniff(TarEntry file) throws IOException {
        try (InputStream in = openData(file)) {
            byte[] head = in.readNBytes(Compression.SNIFF_LENGTH);
            return Compression.sniff(head, head.length);
        }
    }

    /** The sha256 of a file's bytes when it was computed while reading the archive. */
    public Optional<Digest> knownSha256(TarEntry file) {
        return Optional.empty();
    }

    /** True when this store kept the file's data (a one-pass store keeps only the files it was told to). */
    public abstract boolean holdsData(TarEntry file);

    /** The data of a regular file entry. */
    public abstract InputStream openData(TarEntry file) throws IOException;

    /** "archive: not a readable tar archive: why", unless the message already names the archive. */
    static IOException unreadable(String archive, Throwable e) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(archive)) {
            return io;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return new IOException(archive + ": not a readable tar archive: " + (nl < 0 ? m : m.substring(0, nl)), e);
    }
}
