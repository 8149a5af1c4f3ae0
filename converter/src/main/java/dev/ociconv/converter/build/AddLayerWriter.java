package dev.ociconv.converter.build;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the layer of one {@link AddSpec} as an uncompressed tar, reproducibly: entries in
 * sorted order (parents first, then each directory's children by name), numeric owner 0:0 with
 * no user or group names, modes from the files, mtimes in whole seconds (all equal to the fixed
 * time when one is given). Like Docker's ADD, the layer holds the added files and the parent
 * directories of the destination, nothing else. Symlinks inside an added directory stay symlinks;
 * hard links become separate regular files (their content stored once per name); other special
 * files are refused.
 */
final class AddLayerWriter {
    private static final int DIR_MODE = 0755;

    /** A written layer: its file, diffID (= digest, uncompressed), size, and Docker's history reference. */
    record WrittenLayer(Path file, Digest diffId, long size, String contentRef) {
    }

    private final Optional<Instant> fixedTime;

    AddLayerWriter(Optional<Instant> fixedTime) {
        this.fixedTime = fixedTime.map(t -> Instant.ofEpochSecond(t.getEpochSecond()));
    }

    WrittenLayer write(AddSpec add, Path target) throws IOException {
        Path src = add.source();
        if (!Files.exists(src)) {
            throw new java.nio.file.NoSuchFileException(src.toString());
        }
        boolean dir = Files.isDirectory(src);
        if (!dir && !Files.isRegularFile(src)) {
            throw new IOException("--add " + src + ": not a regular file or directory");
        }
        String base = add.imagePath();
        String top = dir ? base : add.destIsDirectory() ? join(base, src.getFileName().toString()) : base;
        MessageDigest contentHash = Digest.newSha256();
        Digest diffId;
        long size;
        try (OutputStream file = Files.newOutputStream(target);
             DigestingOutputStream digesting = new DigestingOutputStream(new BufferedOutputStream(file, 65536));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(digesting, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            writeParents(tar, top, src);
            if (dir) {
                if (!top.isEmpty()) {
                    directory(tar, top, src);
                }
                walk(tar, src, top);
            } else {
                regular(tar, top, src, contentHash);
            }
            tar.finish();
            tar.flush();
            diffId = digesting.digest();
            size = digesting.count();
        }
        String ref = dir ? "dir:" + diffId.hex() : "file:" + Digest.of(Digest.SHA256, contentHash.digest()).hex();
        return new WrittenLayer(target, diffId, size, ref);
    }

    /** The destination's ancestors as directory entries, as Docker creates them for ADD into a new path. */
    private void writeParents(TarArchiveOutputStream tar, String top, Path source) throws IOException {
        String[] parts = top.isEmpty() ? new String[0] : top.split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            path.append(parts[i]);
            tar.putArchiveEntry(entry(path + "/", 040000 | DIR_MODE, fixedOr(source)));
            tar.closeArchiveEntry();
            path.append('/');
        }
    }

    private void walk(TarArchiveOutputStream tar, Path dir, String prefix) throws IOException {
        List<Path> children = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = join(prefix, child.getFileName().toString());
            if (Files.isSymbolicLink(child)) {
                TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0120777, fixedOr(child));
                e.setLinkName(Files.readSymbolicLink(child).toString());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                directory(tar, name, child);
                walk(tar, child, name);
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                regular(tar, name, child, null);
            } else {
                throw new IOException("--add " + child + ": not a regular file, directory or symlink");
            }
        }
    }

    private void directory(TarArchiveOutputStream tar, String name, Path dir) throws IOException {
        tar.putArchiveEntry(entry(name + "/", 040000 | mode(dir, DIR_MODE), fixedOr(dir)));
        tar.closeArchiveEntry();
    }

    private void regular(TarArchiveOutputStream tar, String name, Path file, MessageDigest contentHash) throws IOException {
        TarArchiveEntry e = entry(name, 0100000 | mode(file, 0644), fixedOr(file));
        long size = Files.size(file);
        e.setSize(size);
        tar.putArchiveEntry(e);
        byte[] buf = new byte[65536];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (copied < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - copied))) > 0) {
                tar.write(buf, 0, n);
                if (contentHash != null) {
                    contentHash.update(buf, 0, n);
                }
                copied += n;
            }
        }
        if (copied != size) {
            throw new IOException("--add " + file + ": changed while being read (" + copied + " of " + size + " bytes)");
        }
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, int mode, Instant mtime) {
        return entry(name, name.endsWith("/") ? TarConstants.LF_DIR : TarConstants.LF_NORMAL, mode, mtime);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, Instant mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        // numeric owners only: Commons Compress fills in the current user's name otherwise
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(java.nio.file.attribute.FileTime.from(mtime));
        return e;
    }

    /** The fixed time, or the file's mtime; whole seconds either way (sub-seconds would need PAX headers). */
    private Instant fixedOr(Path file) throws IOException {
        if (fixedTime.isPresent()) {
            return fixedTime.get();
        }
        Instant t = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime().toInstant();
        return Instant.ofEpochSecond(t.getEpochSecond());
    }

    private static int mode(Path p, int fallback) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            int m = 0;
            for (PosixFilePermission perm : perms) {
                m |= 1 << (8 - perm.ordinal());
            }
            return m;
        } catch (UnsupportedOperationException e) {
            return fallback;
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "/" + b;
    }
}
