package dev.ociconv.converter.io;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a sink that writes one archive file puts it: a path, or standard output ({@code -}).
 *
 * <p>A path is checked when the output is opened, before any work: a directory there is refused,
 * and an existing file is refused unless the user said {@code --force} (then it is replaced, by
 * one rename, only when the new archive is complete). Temp files left beside it by a killed run
 * are swept then ({@link TempFiles#sweep}); missing parent directories are made then, as {@code mkdir -p}. A result is published with the modes of a new file
 * ({@link FileModes}).
 *
 * <p>Standard output carries only the archive: the sink stages what it must in a spool directory
 * and streams the archive out at commit.
 */
public final class ArchiveOutput {
    private final Path file;
    private final String name;
    private final OutputStream stdout;
    private final Path spoolDir;

    private ArchiveOutput(Path file, String name, OutputStream stdout, Path spoolDir) {
        this.file = file;
        this.name = name;
        this.stdout = stdout;
        this.spoolDir = spoolDir;
    }

    /**
     * An archive at {@code path}.
     *
     * @param overwrite replace an existing file ({@code --force})
     * @throws FileAlreadyExistsException when something is there and may not be replaced
     */
    public static ArchiveOutput file(Path path, boolean overwrite) throws IOException {
        Path abs = path.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new FileAlreadyExistsException(path.toString(), null, "is a directory, not an archive file");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new FileAlreadyExistsException(path.toString(), null, "already exists; use --force to replace it");
        }
        Files.createDirectories(abs.getParent()); // as mkdir -p: the one thing made before the work
        TempFiles.sweep(abs.getParent());
        return new ArchiveOutput(abs, path.toString(), null, null);
    }

    /** The archive on {@code out} (standard output), staging under {@code spoolDir}. */
    public static ArchiveOutput standardOutput(OutputStream out, Path spoolDir) {
        return new ArchiveOutput(null, "-", Objects.requireNonNull(out), Objects.requireNonNull(spoolDir));
    }

    /** True for {@code -}. */
    public boolean toStandardOutput() {
        return stdout != null;
    }

    /** As the user wrote it: the path, or {@code -}. */
    public String name() {
        return name;
    }

    /** The target file (absolute). */
    public Path file() {
        if (file == null) {
            throw new IllegalStateException("standard output has no path");
        }
        return file;
    }

    /** A new private directory for what the sink stages: beside the target, or in the spool directory. */
    public Path newStagingDirectory() throws IOException {
        if (file != null) {
            return TempFiles.directoryBeside(file);
        }
        Files.createDirectories(spoolDir);
        TempFiles.sweep(spoolDir);
        return TempFiles.directory(spoolDir, "stdout");
    }

    /** A new temp file beside the target, to become the archive. */
    public Path newTempFile() throws IOException {
        return TempFiles.fileBeside(file());
    }

    /** Makes a finished temp file the archive: normal modes, one rename, unless the run was interrupted. */
    public void publish(Path temp) throws IOException {
        FileModes.publishFile(temp);
        TempFiles.publish(temp, file());
    }

    /**
     * Standard output as a channel that is never closed by the sink, so a staged archive is
     * copied out by the kernel when standard output is a file or a pipe.
     */
    public FileChannelOutput openStandardOutput() throws IOException {
        Interruption.check();
        if (stdout instanceof FileOutputStream fos) {
            return new FileChannelOutput(fos.getChannel(), false); // unbuffered: nothing to flush
        }
        return new FileChannelOutput(new KeptOpen(Channels.newChannel(stdout), stdout), true);
    }

    /** A channel whose close only flushes: standard output outlives the sink. */
    private record KeptOpen(WritableByteChannel channel, OutputStream stream) implements WritableByteChannel {
        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            stream.flush();
        }
    }
}
