package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.ChannelSliceInputStream;
import dev.ociconv.converter.io.TarHeaderScan;
import dev.ociconv.model.content.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An uncompressed layout tar, read at random: {@link TarHeaderScan} lists the headers
 * once (keeping a few fields per entry), then each file is read straight from its byte range with positional reads on a channel
 * of its own, so streams are independent and safe from any thread. Nothing is extracted.
 */
final class TarFileLayoutStore implements LayoutStore {
    private final Path file;
    private final Map<String, Slot> entries = new HashMap<>();

    /** What is kept of one entry: a few fields, not the whole header (10^5 entries fit a small heap). */
    private record Slot(boolean link, boolean regular, long dataOffset, long size) {
    }

    TarFileLayoutStore(Path file, Limits limits) throws IOException {
        this.file = file;
        long[] count = {0};
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (FileChannel channel = dev.ociconv.converter.io.ArchiveFiles.openChannel(file)) {
            TarHeaderScan.scan(channel, (e, offset) -> {
                if (++count[0] > limits.maxEntries()) {
                    throw new IOException(file + ": more than " + limits.maxEntries() + " entries");
                }
                LayoutStore.checkUnique(seen, e.getName(), file.toString());
                String name = LayoutStore.normalizeEntryName(e.getName());
                if (name != null && !e.isDirectory()) {
                    entries.put(name, new Slot(e.isSymbolicLink() || e.isLink(), e.isFile() && !e.isSparse(), offset, e.getSize()));
                }
            });
        }
    }

    private Slot regular(String path) throws IOException {
        Slot e = entries.get(path);
        if (e == null) {
            return null;
        }
        if (e.link()) {
            throw new IOException(path + ": a link in the archive, not a file (links are not followed)");
        }
        if (!e.regular()) {
            throw new IOException(path + ": not a regular file in the archive");
        }
        return e;
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        Slot e = regular(path);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.size());
    }

    @Override
    public InputStream open(String path) throws IOException {
        Slot e = regular(path);
        if (e == null) {
            throw new NoSuchFileException(path);
        }
        return new ChannelSliceInputStream(dev.ociconv.converter.io.ArchiveFiles.openChannel(file), e.dataOffset(), e.size(), true);
    }

    @Override
    public java.util.Set<String> paths() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        entries.forEach((name, slot) -> {
            if (slot.regular() && !slot.link()) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public void close() {
        // each stream owns its channel
    }
}
