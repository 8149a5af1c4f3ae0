package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.ChannelSliceInputStream;
import dev.ociconv.converter.io.TarHeaderScan;
import dev.ociconv.model.content.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An uncompressed archive file read in place: {@link TarHeaderScan} lists it once (headers
 * only), then each entry's data is read straight from the file at its offset. Reads use
 * positional {@link FileChannel#read(ByteBuffer, long)}, so concurrent streams do not disturb
 * each other (TarFile's own streams share one channel position).
 */
final class TarFileContents extends ArchiveContents {
    private final FileChannel channel;
    private final Map<String, long[]> dataRanges = new HashMap<>();

    private TarFileContents(String archive, FileChannel channel) {
        super(archive);
        this.channel = channel;
    }

    static TarFileContents open(Path file, String archive, Limits limits) throws IOException {
        FileChannel channel = dev.ociconv.converter.io.ArchiveFiles.openChannel(file);
        TarFileContents contents = new TarFileContents(archive, channel);
        try {
            try {
                // headers only, one at a time: memory grows with the entries kept, not with TarFile's list
                TarHeaderScan.scan(channel, (e, offset) -> {
                    ArchiveEntry entry = contents.record(e, limits.maxEntries(), limits.maxPathLength());
                    if (entry != null && entry.kind() == ArchiveEntry.Kind.FILE) {
                        contents.dataRanges.put(entry.name(), new long[] {offset, e.getSize()});
                    }
                });
            } catch (IOException | RuntimeException e) {
                throw new IOException(archive + ": not a readable tar archive: " + oneLine(e), e);
            }
            return contents;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    InputStream openData(ArchiveEntry file) throws IOException {
        long[] range = dataRanges.get(file.name());
        if (range == null) {
            throw new IOException(archive() + ": entry " + ArchivePaths.printable(file.name()) + " has no data");
        }
        if (range[0] + range[1] > channel.size()) {
            throw new IOException(archive() + ": entry " + ArchivePaths.printable(file.name()) + " is truncated");
        }
        return new ChannelSliceInputStream(channel, range[0], range[1], false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
