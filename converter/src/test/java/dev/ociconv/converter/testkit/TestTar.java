package dev.ociconv.converter.testkit;

import com.github.luben.zstd.ZstdOutputStream;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny fluent tar builder for tests, over Commons Compress directly (no ociconv code):
 *
 * <pre>byte[] tar = TestTar.create().dir("a/").file("a/b.txt", "hi").symlink("c", "a/b.txt").toBytes();</pre>
 *
 * Entries are written in the order added. Long names and big numbers use POSIX (PAX) headers
 * unless {@link #gnuLongNames()} is called. Files may come from disk ({@link #file(String, Path)})
 * so large generated layers never sit in memory. The result can be wrapped in any archive
 * compression ({@link #writeTo(Path, Compression)}).
 */
public final class TestTar {
    /** Writes one entry's header and data. */
    @FunctionalInterface
    private interface Op {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Op> ops = new ArrayList<>();
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;
    private long mtime = 0;

    private TestTar() {
    }

    public static TestTar create() {
        return new TestTar();
    }

    /** Use GNU {@code ././@LongLink} entries for long names instead of PAX headers. */
    public TestTar gnuLongNames() {
        longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    /** Modification time (seconds since the epoch) of entries added after this call. */
    public TestTar mtime(long epochSeconds) {
        this.mtime = epochSeconds;
        return this;
    }

    public TestTar file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public TestTar file(String name, byte[] data) {
        byte[] copy = data.clone();
        long time = mtime;
        ops.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(copy.length);
            e.setModTime(time * 1000);
            tar.putArchiveEntry(e);
            tar.write(copy);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file whose data is read from {@code source} when the tar is written. */
    public TestTar file(String name, Path source) {
        long time = mtime;
        ops.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(Files.size(source));
            e.setModTime(time * 1000);
            tar.putArchiveEntry(e);
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file of {@code size} bytes whose data {@code source} opens when the tar is written (large generated data). */
    public TestTar file(String name, long size, StreamSource source) {
        long time = mtime;
        ops.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(size);
            e.setModTime(time * 1000);
            tar.putArchiveEntry(e);
            try (InputStream in = source.open()) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** Opens the data of a streamed entry. */
    @FunctionalInterface
    public interface StreamSource {
        InputStream open() throws IOException;
    }

    public TestTar dir(String name) {
        String n = name.endsWith("/") ? name : name + "/";
        long time = mtime;
        ops.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(n);
            e.setModTime(time * 1000);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TestTar symlink(String name, String target) {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    /** A hard link: {@code target} is another entry's name, from the archive root. */
    public TestTar hardlink(String name, String target) {
        return link(name, target, TarConstants.LF_LINK);
    }

    private TestTar link(String name, String target, byte type) {
        long time = mtime;
        ops.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type);
            e.setLinkName(target);
            e.setModTime(time * 1000);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** Any entry as the caller configured it (type, mode, owner, pax headers), with data. */
    public TestTar entry(TarArchiveEntry entry, byte[] data) {
        byte[] copy = data.clone();
        ops.add(tar -> {
            entry.setSize(copy.length);
            tar.putArchiveEntry(entry);
            tar.write(copy);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** The tar's bytes (with end-of-archive marker). */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTar(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the tar to {@code file}, uncompressed. */
    public Path writeTo(Path file) throws IOException {
        return writeTo(file, Compression.NONE);
    }

    /** Writes the tar to {@code file}, the whole stream compressed as asked. */
    public Path writeTo(Path file, Compression compression) throws IOException {
        try (OutputStream out = compress(Files.newOutputStream(file), compression)) {
            writeTar(out);
        }
        return file;
    }

    private void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (Op op : ops) {
            op.write(tar);
        }
        tar.finish();
        tar.flush();
    }

    /** A compressing stream; closing it finishes the compression and closes {@code out}. */
    public static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
            case ZSTD -> new ZstdOutputStream(out, 3);
            case XZ -> new XZCompressorOutputStream(out, 1);
            case BZIP2 -> new BZip2CompressorOutputStream(out, 1);
        };
    }

    /** {@code data} compressed as asked. */
    public static byte[] compress(byte[] data, Compression compression) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compress(bytes, compression)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
