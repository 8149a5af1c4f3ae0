package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.ChannelSliceInputStream;
import dev.ociconv.model.content.Limits;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An uncompressed layout tar, read at random: Commons Compress {@link TarFile} lists the headers
 * once, then each file is read straight from its byte range with positional reads on a channel
 * of its own, so streams are independent and safe from any thread. Nothing is extracted.
 */
final class TarFileLayoutStore implements LayoutStore {
    private final Path file;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    TarFileLayoutStore(Path file, Limits limits) throws IOException {
        this.file = file;
        try (TarFile tar = new TarFile(file)) {
            List<TarArchiveEntry> all = tar.getEntries();
            if (all.size() > limits.maxEntries()) {
                throw new IOException(file + ": more than " + limits.maxEntries() + " entries");
            }
            for (TarArchiveEntry e : all) {
                String name = LayoutStore.normalizeEntryName(e.getName());
                if (name != null && !e.isDirectory()) {
                    entries.put(name, e); // a later entry replaces an earlier one, as tar(1) extracts
                }
            }
        }
    }

    private TarArchiveEntry regular(String path) throws IOException {
        TarArchiveEntry e = entries.get(path);
        if (e == null) {
            return null;
        }
        if (e.isSymbolicLink() || e.isLink()) {
            throw new IOException(path + ": a link in the archive, not a file (links are not followed)");
        }
        if (e.isSparse() || !e.isFile()) {
            throw new IOException(path + ": not a regular file in the archive");
        }
        return e;
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        TarArchiveEntry e = regular(path);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.getSize());
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarArchiveEntry e = regular(path);
        if (e == null) {
            throw new NoSuchFileException(path);
        }
        return new ChannelSliceInputStream(FileChannel.open(file, StandardOpenOption.READ), e.getDataOffset(), e.getSize(), true);
    }

    @Override
    public void close() {
        // each stream owns its channel
    }
}
