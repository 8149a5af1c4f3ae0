package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.transport.BlobOutput;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Content-addressed writes into a layout directory: each blob goes to a temp file in its
 * {@code blobs/<alg>/} directory, hashed while written, checked against what the caller
 * expected, then renamed to its digest. Everything it creates is remembered so that an aborted
 * run can take it back. Safe for concurrent {@link #put} calls.
 */
final class LayoutBlobWriter {
    private final Path root;
    private final String description;
    private final List<Path> created = new ArrayList<>();

    LayoutBlobWriter(Path root, String description) {
        this.root = root;
        this.description = description;
    }

    Path root() {
        return root;
    }

    Path blobFile(Digest digest) {
        return root.resolve(LayoutStore.blobPath(digest));
    }

    boolean has(Digest digest, long size) throws IOException {
        Path f = blobFile(digest);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return size < 0 || Files.size(f) == size;
    }

    StoredBlob put(BlobWrite write) throws IOException {
        String algorithm = write.expectedDigest() != null ? write.expectedDigest().algorithm() : Digest.SHA256;
        Path dir = root.resolve("blobs").resolve(algorithm);
        createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".tmp-", ".partial");
        try {
            BlobOutput written;
            try (OutputStream out = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16)) {
                written = BlobOutput.writeInto(out, write);
            }
            Digest digest = written.digest();
            long size = written.count();
            String what = description + ": blob " + (write.expectedDigest() != null ? write.expectedDigest() : digest)
                    + " (" + write.mediaType() + ")";
            if (write.expectedDigest() != null && !write.expectedDigest().equals(digest)) {
                throw new DigestMismatchException(what + ": digest " + digest + ", expected " + write.expectedDigest());
            }
            if (write.expectedSize() >= 0 && write.expectedSize() != size) {
                throw new DigestMismatchException(what + ": size " + size + " bytes, expected " + write.expectedSize());
            }
            if (!has(digest, size)) {
                Path target = blobFile(digest);
                boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                AtomicFiles.moveInto(temp, target);
                if (!existed) {
                    remember(target);
                }
            }
            return new StoredBlob(digest, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes a small file of the layout (index.json, oci-layout) by temp file and rename. */
    void writeFile(String name, byte[] bytes) throws IOException {
        Path target = root.resolve(name);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Path temp = AtomicFiles.tempBeside(target);
        try {
            Files.write(temp, bytes);
            AtomicFiles.moveInto(temp, target);
            if (!existed) {
                remember(target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void createDirectories(Path dir) throws IOException {
        // Remember the directories this run creates, top first, so an abort can remove them.
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !p.equals(root) && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        Files.createDirectories(dir);
        for (Path p : missing) {
            remember(p);
        }
    }

    private synchronized void remember(Path p) {
        created.add(p);
    }

    /** Removes every file and directory this writer created (files first, then emptied dirs). */
    synchronized void rollback() {
        created.sort(Comparator.comparing(Path::getNameCount).reversed());
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a non-empty directory that someone else filled stays
            }
        }
        created.clear();
    }
}
