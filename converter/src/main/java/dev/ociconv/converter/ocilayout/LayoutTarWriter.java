package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.TempFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a layout directory as a tar, reproducibly: {@code oci-layout} and {@code index.json}
 * first (so a sequential reader knows what it reads before the blobs), then {@code blobs/} and
 * each {@code blobs/<alg>/} directory before its files, names sorted; mtime 0, uid/gid 0, no
 * user names, POSIX (PAX) headers for long names and big numbers. The tar is written to a temp
 * file beside the target and renamed onto it, or straight to standard output.
 */
public final class LayoutTarWriter {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private LayoutTarWriter() {
    }

    static void write(Path layoutDir, ArchiveOutput output) throws IOException {
        if (output.toStandardOutput()) {
            try (OutputStream out = output.openStandardOutput()) {
                write(layoutDir, out);
            }
            return;
        }
        Path temp = output.newTempFile();
        try {
            try (OutputStream out = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16)) {
                write(layoutDir, out);
            }
            output.publish(temp);
        } finally {
            TempFiles.delete(temp);
        }
    }

    private static void write(Path layoutDir, OutputStream out) throws IOException {
        write(layoutDir, out, List.of());
    }

    /**
     * Writes the layout in {@code layoutDir} as a tar to {@code out} (not closed), then the files
     * {@code trailing} names (layout-relative, at the top): a mirror bundle's inventory, written
     * last so that its presence says the rest is there.
     */
    public static void write(Path layoutDir, OutputStream out, List<String> trailing) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        addFile(tar, layoutDir.resolve("oci-layout"), "oci-layout");
        addFile(tar, layoutDir.resolve("index.json"), "index.json");
        addDirectory(tar, "blobs/");
        for (Path algDir : sortedChildren(layoutDir.resolve("blobs"))) {
            String alg = algDir.getFileName().toString();
            addDirectory(tar, "blobs/" + alg + "/");
            for (Path blob : sortedChildren(algDir)) {
                String name = blob.getFileName().toString();
                if (!name.startsWith(".")) { // temp files of interrupted writes are not content
                    addFile(tar, blob, "blobs/" + alg + "/" + name);
                }
            }
        }
        for (String name : trailing) {
            addFile(tar, layoutDir.resolve(name), name);
        }
        tar.finish();
        tar.flush();
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setModTime(EPOCH);
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    private static void addDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, 040755));
        tar.closeArchiveEntry();
    }

    private static void addFile(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        TarArchiveEntry e = entry(name, 0100644);
        e.setSize(Files.size(file));
        tar.putArchiveEntry(e);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }
}
