package dev.ociconv.converter.archive;

import dev.ociconv.converter.io.ArchiveFiles;
import dev.ociconv.converter.io.ChannelSliceInputStream;
import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.converter.io.TarHeaderScan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An uncompressed archive file read in place: {@link TarHeaderScan} lists it once (headers
 * only), then each entry's data is read straight from the file at its offset. Reads use
 * positional {@link FileChannel#read(ByteBuffer, long)}, so concurrent streams do not disturb
 * each other. Nothing is extracted or copied.
 */
public final class RandomAccessTarStore extends TarStore {
    private final FileChannel channel;
    /** Data offset of each regular file; its size is the entry's. */
    private final Map<String, Long> offsets = new HashMap<>();

    private RandomAccessTarStore(TarIndex index, FileChannel channel) {
        super(index);
        this.channel = channel;
    }

    /** Lists {@code file} (or a split archive's volumes: see {@link ArchiveFiles#openChannel}). */
    public static RandomAccessTarStore open(Path file, String archive, TarPolicy policy, HeaderObserver observer)
            throws IOException {
        FileChannel channel = ArchiveFiles.openChannel(file);
        TarIndex index = new TarIndex(archive, policy);
        RandomAccessTarStore store = new RandomAccessTarStore(index, channel);
        try {
            // headers only, one at a time: memory grows with the entries kept, not with TarFile's list
            TarHeaderScan.scan(channel, (e, offset) -> {
                observer.header(e);
                TarEntry entry = index.record(e);
                if (entry != null && entry.kind() == TarEntry.Kind.FILE) {
                    store.offsets.put(entry.name(), offset);
                }
            });
            return store;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw unreadable(archive, e);
        }
    }

    @Override
    public boolean holdsData(TarEntry file) {
        return offsets.containsKey(file.name());
    }

    @Override
    public InputStream openData(TarEntry file) throws IOException {
        Long offset = offsets.get(file.name());
        if (offset == null) {
            throw new IOException(archive() + ": entry " + EntryNames.printable(file.name()) + " has no data");
        }
        if (offset + file.size() > channel.size()) {
            throw new IOException(archive() + ": entry " + EntryNames.printable(file.name()) + " is truncated");
        }
        return new ChannelSliceInputStream(channel, offset, file.size(), false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
