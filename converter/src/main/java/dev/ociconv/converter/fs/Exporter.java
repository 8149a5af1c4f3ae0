package dev.ociconv.converter.fs;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.ManifestNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged filesystem of an image as one tar, like {@code crane export}, but reproducible:
 * entries sorted by name (a parent before its children), the layers' mtimes kept, numeric owners
 * only (no user or group names), PAX headers for long names and big numbers, {@code SCHILY.xattr}
 * records kept.
 *
 * <p>How: pass 1 indexes the surviving paths ({@link MergedIndex}); pass 2 re-reads only the
 * layers that still own content and copies that content into one spool file (disk, not memory);
 * then the index is written in order, file contents copied from the spool. Hardlinks are grouped
 * by the content they share: the first member by name is written as the file, the others as links
 * to it, so the tar is valid whatever the original order. Memory grows with the number of paths.
 */
public final class Exporter {
    private Exporter() {
    }

    /** Writes the tar to {@code out} (not closed); the spool lives in the default temp directory. */
    public static UnpackReport export(ImageSource source, ManifestNode image, OutputStream out, UnpackLimits limits)
            throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path spool = TempFiles.file(tmp, "export-spool");
        try {
            return export(source, image, out, limits, spool);
        } finally {
            TempFiles.delete(spool);
        }
    }

    /** Writes the tar to {@code target} atomically (temp file beside it, then rename), or to standard output. */
    public static UnpackReport export(ImageSource source, ManifestNode image, ArchiveOutput target, UnpackLimits limits)
            throws IOException {
        if (target.toStandardOutput()) {
            try (OutputStream out = target.openStandardOutput()) {
                return export(source, image, out, limits);
            }
        }
        Path temp = target.newTempFile();
        Path spool = target.newTempFile();
        try {
            UnpackReport report;
            try (OutputStream out = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16)) {
                report = export(source, image, out, limits, spool);
            }
            target.publish(temp);
            return report;
        } finally {
            TempFiles.delete(spool);
            TempFiles.delete(temp);
        }
    }

    /** Writes the tar to a new file {@code target} atomically (temp file beside it, then rename). */
    public static UnpackReport export(ImageSource source, ManifestNode image, Path target, UnpackLimits limits)
            throws IOException {
        return export(source, image, ArchiveOutput.file(target, false), limits);
    }

    private static UnpackReport export(ImageSource source, ManifestNode image, OutputStream out, UnpackLimits limits,
                                       Path spool) throws IOException {
        MergedIndex index = MergedIndex.build(source, image.layers(), new Budget(limits));
        Set<Long> needed = new HashSet<>();
        Set<Integer> layers = new HashSet<>();
        for (MergedIndex.Node n : index.paths.values()) {
            if (n.origin() >= 0) {
                needed.add(n.origin());
                layers.add(MergedIndex.originLayer(n.origin()));
            }
        }
        Map<Long, Long> offsets = new HashMap<>();
        Budget second = new Budget(limits);
        try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream spoolOut = java.nio.channels.Channels.newOutputStream(ch);
            for (int i = 0; i < image.layers().size(); i++) {
                if (!layers.contains(i)) {
                    continue;
                }
                int layer = i;
                long[] ordinal = {0};
                LayerReader.read(source, image.layers().get(i), i, second, (e, path, content) -> {
                    long origin = MergedIndex.origin(layer, ordinal[0]++);
                    if (needed.contains(origin)) {
                        offsets.put(origin, ch.position());
                        long n = content.transferTo(spoolOut);
                        if (n != e.getSize()) {
                            throw new IOException("truncated: " + n + " of " + e.getSize() + " bytes");
                        }
                    }
                });
            }
            return write(index, offsets, ch, out);
        }
    }

    private static UnpackReport write(MergedIndex index, Map<Long, Long> offsets, FileChannel spool, OutputStream out)
            throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Map<Long, String> firstByOrigin = new HashMap<>();
        long entries = 0;
        long bytes = 0;
        for (Map.Entry<String, MergedIndex.Node> me : index.paths.entrySet()) {
            String path = me.getKey();
            MergedIndex.Node n = me.getValue();
            TarArchiveEntry e;
            long contentOrigin = -1;
            if (n.origin() >= 0) {
                String first = firstByOrigin.putIfAbsent(n.origin(), path);
                if (first == null) {
                    e = new TarArchiveEntry(path, TarConstants.LF_NORMAL, true);
                    e.setSize(n.size());
                    contentOrigin = n.origin();
                } else {
                    e = new TarArchiveEntry(path, TarConstants.LF_LINK, true);
                    e.setLinkName(first);
                }
            } else if (n.directory()) {
                e = new TarArchiveEntry(path + "/", TarConstants.LF_DIR, true);
            } else {
                e = new TarArchiveEntry(path, n.flag(), true);
                if (n.linkName() != null) {
                    e.setLinkName(n.linkName());
                }
                e.setDevMajor(n.devMajor());
                e.setDevMinor(n.devMinor());
            }
            e.setMode(n.mode());
            e.setUserId(n.uid());
            e.setGroupId(n.gid());
            e.setUserName("");
            e.setGroupName("");
            if (n.mtime() != null) {
                e.setModTime(n.mtime());
            }
            n.xattrs().forEach(e::addPaxHeader);
            tar.putArchiveEntry(e);
            if (contentOrigin >= 0) {
                bytes += copy(spool, offsets.get(contentOrigin), e.getSize(), tar);
            }
            tar.closeArchiveEntry();
            entries++;
        }
        tar.finish();
        tar.flush();
        return new UnpackReport(entries, bytes, List.of());
    }

    private static long copy(FileChannel spool, Long offset, long size, OutputStream out) throws IOException {
        if (offset == null) {
            throw new IOException("export: content missing from the spool");
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long done = 0;
        while (done < size) {
            buf.clear().limit((int) Math.min(buf.capacity(), size - done));
            int r = spool.read(buf, offset + done);
            if (r < 0) {
                throw new IOException("export: spool ended early");
            }
            out.write(buf.array(), 0, r);
            done += r;
        }
        return done;
    }
}
