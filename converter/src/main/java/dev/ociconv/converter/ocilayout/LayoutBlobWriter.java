package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.FileModes;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.transport.BlobOutput;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Content-addressed writes into a layout directory: each blob goes to a temp file in this run's
 * own hidden directory at the top of the layout ({@code .ociconv-tmp-<pid>-…}; never inside
 * {@code blobs/}, where readers and {@code umoci gc} take every name for a blob), hashed while
 * written, checked against what the caller expected, given the modes of a new file and renamed to
 * its digest. Everything it creates is remembered so that an aborted run can take it back. Safe
 * for concurrent {@link #put} calls.
 */
final class LayoutBlobWriter {
    /** A bundle's half-written blobs, kept across runs (not a temp dir: no sweep removes it). */
    static final String RESUME_DIR = ".ociconv-resume";
    /** Smaller blobs are fetched again whole: a resume saves less than it costs. */
    static final long RESUME_MIN_BYTES = 1 << 20;

    private final Path root;
    private final String description;
    private final List<Path> created = new ArrayList<>();
    private Path partials;
    /** Null unless the layout is a bundle's staging: then big blobs are written where a later run finds them. */
    private final Path resumeDir;
    private final java.util.Set<Digest> resuming = java.util.concurrent.ConcurrentHashMap.newKeySet();

    LayoutBlobWriter(Path root, String description) {
        this(root, description, false);
    }

    /** {@code resumable}: blobs of known digest and size are written into {@link #RESUME_DIR}, kept when a run stops half way. */
    LayoutBlobWriter(Path root, String description, boolean resumable) {
        this.root = root;
        this.description = description;
        this.resumeDir = resumable ? root.resolve(RESUME_DIR) : null;
    }

    /**
     * How many bytes of {@code digest} an earlier run wrote before it stopped (0: none). A source
     * may send only the rest (the prefix is still hashed from the file: it is never trusted).
     */
    long resumable(Digest digest) throws IOException {
        if (resumeDir == null) {
            return 0;
        }
        // asked before or after this blob's put opened the file, the answer is the same: nothing
        // is appended until the content is written; and a second put of the digest writes elsewhere
        Path f = resumeFile(digest);
        return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.size(f) : 0;
    }

    /** The first {@code bytes} bytes an earlier run wrote of {@code digest}. */
    java.io.InputStream openResumable(Digest digest, long bytes) throws IOException {
        return dev.ociconv.model.content.Streams.limited(Files.newInputStream(resumeFile(digest)), bytes);
    }

    private Path resumeFile(Digest digest) {
        return resumeDir.resolve(digest.algorithm() + "-" + digest.hex());
    }

    /** A commit: nothing is resumed any more; what is left of failed blobs goes. */
    void dropResumable() {
        if (resumeDir != null) {
            TempFiles.delete(resumeDir);
        }
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
        Digest expected = write.expectedDigest();
        if (resumeDir != null && expected != null && write.expectedSize() >= RESUME_MIN_BYTES && resuming.add(expected)) {
            try {
                return putResumable(write);
            } finally {
                resuming.remove(expected);
            }
        }
        String algorithm = write.expectedDigest() != null ? write.expectedDigest().algorithm() : Digest.SHA256;
        Path temp = TempFiles.file(partials(), "blob");
        try {
            BlobOutput written;
            try (OutputStream out = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16)) {
                written = BlobOutput.writeInto(out, write);
            }
            Digest digest = written.digest();
            long size = written.count();
            String what = description + ": blob " + (write.expectedDigest() != null ? write.expectedDigest() : digest)
                    + " (" + write.mediaType() + ")";
            StoredBlob stored = write.checkWritten(digest, size, what);
            publish(temp, digest, size);
            return stored;
        } finally {
            TempFiles.delete(temp);
        }
    }

    /**
     * Writes a blob into its resume file: the bytes an earlier run left there are kept and hashed
     * again, the content's first bytes up to that length are skipped (a resuming source sends them
     * from this very file), the rest appended. The file's digest is what is checked, never the
     * stream's alone, so a prefix is trusted only once it hashes right with the rest. A mismatch
     * removes the file; any other failure (a dropped connection, a signal, a kill) leaves it for the
     * next run.
     */
    private StoredBlob putResumable(BlobWrite write) throws IOException {
        Digest expected = write.expectedDigest();
        String what = description + ": blob " + expected + " (" + write.mediaType() + ")";
        Files.createDirectories(resumeDir);
        Path file = resumeFile(expected);
        long have = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
        dev.ociconv.model.digest.DigestingOutputStream hash =
                new dev.ociconv.model.digest.DigestingOutputStream(OutputStream.nullOutputStream(), expected.algorithm());
        if (have > write.expectedSize()) {
            Files.delete(file);
            have = 0;
        }
        if (have > 0) {
            try (java.io.InputStream prefix = openResumable(expected, have)) {
                prefix.transferTo(hash);
            }
        }
        long total;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(have).position(have);
            SkipThenAppend tail = new SkipThenAppend(java.nio.channels.Channels.newOutputStream(ch), have, hash);
            try (OutputStream out = new BufferedOutputStream(tail, 1 << 16)) {
                total = BlobOutput.writeInto(out, write).count();
            }
        } catch (DigestMismatchException e) {
            TempFiles.delete(file);
            throw e;
        }
        Digest digest = hash.digest();
        long size = Files.size(file);
        if (!digest.equals(expected) || size != write.expectedSize() || total != size) {
            TempFiles.delete(file);
            throw new DigestMismatchException(what + ": digest " + digest + " and size " + size + " bytes (" + have
                    + " of them kept from an earlier run), expected " + expected + " and " + write.expectedSize()
                    + "; the partial blob was removed");
        }
        publish(file, digest, size);
        TempFiles.delete(file); // still there when the layout had the blob already
        return new StoredBlob(digest, size);
    }

    /** Renames a verified file to its digest's name in {@code blobs/}, unless the layout holds that blob already. */
    private void publish(Path verified, Digest digest, long size) throws IOException {
        if (has(digest, size)) {
            return;
        }
        makeDirectories("blobs", digest.algorithm());
        Path target = blobFile(digest);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        FileModes.publishFile(verified);
        AtomicFiles.moveInto(verified, target);
        if (!existed) {
            remember(target);
        }
    }

    /** Drops the first {@code skip} bytes written (the file holds them), hashes and passes on the rest. */
    private static final class SkipThenAppend extends java.io.FilterOutputStream {
        private final OutputStream hash;
        private long skip;

        SkipThenAppend(OutputStream out, long skip, OutputStream hash) {
            super(out);
            this.skip = skip;
            this.hash = hash;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int dropped = (int) Math.min(skip, len);
            skip -= dropped;
            if (len > dropped) {
                out.write(b, off + dropped, len - dropped);
                hash.write(b, off + dropped, len - dropped);
            }
        }
    }

    /** This run's directory for blobs being written, made on first use. */
    private synchronized Path partials() throws IOException {
        if (partials == null) {
            partials = TempFiles.directory(root, "partial");
        }
        return partials;
    }

    /** Writes a small file of the layout (index.json, oci-layout) by temp file and rename. */
    void writeFile(String name, byte[] bytes) throws IOException {
        Path target = root.resolve(name);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Path temp = TempFiles.file(partials(), name);
        try {
            Files.write(temp, bytes);
            FileModes.publishFile(temp);
            AtomicFiles.moveInto(temp, target);
            if (!existed) {
                remember(target);
            }
        } finally {
            TempFiles.delete(temp);
        }
    }

    /**
     * Makes {@code root/first/second…} where missing, one level at a time below the root, never the
     * root itself (a staging root removed by an interrupted run's clean-up stays removed), and
     * remembers what it made so that an abort can remove it.
     */
    private void makeDirectories(String... levels) throws IOException {
        Path p = root;
        for (String level : levels) {
            p = p.resolve(level);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createDirectory(p);
                remember(p);
            } catch (FileAlreadyExistsException e) {
                // made by a concurrent put
            }
        }
    }

    private synchronized void remember(Path p) {
        created.add(p);
    }

    /** Removes this run's temp directory; the blobs it wrote stay (after a commit). */
    synchronized void finish() {
        TempFiles.delete(partials);
        partials = null;
    }

    /**
     * Removes the files this writer created except the blobs in {@code keep} (null: keep every
     * blob), then the directories it created that are empty now, and its partial-blob directory.
     */
    synchronized void rollbackKeeping(java.util.Set<Digest> keep) {
        finish();
        created.sort(Comparator.comparing(Path::getNameCount).reversed());
        for (Path p : created) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && (keep == null || keep.contains(blobDigest(p)))) {
                continue;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a non-empty directory that someone else filled stays
            }
        }
        created.clear();
    }

    /** The digest a blob file's path names ({@code blobs/ALG/HEX}), or null for any other file. */
    private Digest blobDigest(Path p) {
        Path rel = root.relativize(p);
        if (rel.getNameCount() != 3 || !rel.getName(0).toString().equals("blobs")) {
            return null;
        }
        String candidate = rel.getName(1) + ":" + rel.getName(2);
        return Digest.isValid(candidate) ? Digest.parse(candidate) : null;
    }

    /**
     * Shows this writer to the others now (its partial-blob directory, named with the pid), not at
     * its first blob; and makes sure the layout has its {@code oci-layout} file (an empty directory
     * gets it now: it is what writers lock), remembered for a rollback when this run made it.
     */
    synchronized void register(byte[] ociLayout) throws IOException {
        partials();
        Path file = root.resolve("oci-layout");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.write(file, ociLayout, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                FileModes.publishFile(file);
                remember(file);
            } catch (FileAlreadyExistsException e) {
                // another writer made it first
            }
        }
    }

    /** A file this writer made is needed by others now (an oci-layout another writer's index.json relies on). */
    synchronized void keep(String name) {
        created.remove(root.resolve(name));
    }
}
