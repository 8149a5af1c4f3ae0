package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.BlobOutput;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content-addressed staging area of a sink that can only write its archive at the end: each
 * blob streams into a temp file in a directory beside the target while it is hashed, and is
 * renamed to {@code <alg>/<hex>} once its digest (and size) are checked. Safe for concurrent
 * {@link #put} calls; a blob put twice is stored once.
 */
final class StagedBlobWriter {
    /** Where a blob's bytes are: a staged file, or a stretch of another file (the archive written straight). */
    record Location(Path file, long offset, long size) {
    }

    private final Path dir;
    private final Map<Digest, Long> sizes = new ConcurrentHashMap<>();
    private final Map<Digest, Location> elsewhere = new ConcurrentHashMap<>();

    private StagedBlobWriter(Path dir) {
        this.dir = dir;
    }

    /** Stages in {@code dir}, a new private temp directory (see {@link dev.ociconv.converter.io.TempFiles}). */
    static StagedBlobWriter in(Path dir) {
        return new StagedBlobWriter(dir);
    }

    Path directory() {
        return dir;
    }

    StoredBlob put(BlobWrite blob) throws IOException {
        Path temp = TempFiles.file(dir, "blob");
        try {
            Digest digest;
            long size;
            try (OutputStream file = new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16)) {
                BlobOutput written = BlobOutput.writeInto(file, blob);
                digest = written.digest();
                size = written.count();
            }
            StoredBlob stored = blob.checkWritten(digest, size, blob.mediaType() + " blob " + digest);
            Path target = pathOf(digest);
            makeAlgorithmDirectory(target.getParent());
            if (sizes.containsKey(digest)) {
                Files.delete(temp);
            } else {
                move(temp, target);
                sizes.put(digest, size);
            }
            return stored;
        } finally {
            TempFiles.delete(temp);
        }
    }

    /**
     * {@code <dir>/<alg>}, made below the staging directory only: if an interrupted run's clean-up
     * has removed the staging directory, a layer still being written must not make it again.
     */
    private static void makeAlgorithmDirectory(Path algDir) throws IOException {
        try {
            Files.createDirectory(algDir);
        } catch (FileAlreadyExistsException e) {
            // made by a concurrent put
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            TempFiles.forget(temp);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temp); // a concurrent put of the same content won
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            TempFiles.forget(temp);
        }
    }

    /** Records a blob whose verified bytes were written elsewhere (straight into the archive). */
    void recordElsewhere(Digest digest, Location location) {
        elsewhere.put(digest, location);
        sizes.putIfAbsent(digest, location.size());
    }

    boolean has(Digest digest, long size) {
        Long s = sizes.get(digest);
        return s != null && (size < 0 || s == size);
    }

    Optional<Long> size(Digest digest) {
        return Optional.ofNullable(sizes.get(digest));
    }

    /** Where a blob that was put is. */
    Location locate(Digest digest) {
        Location l = elsewhere.get(digest);
        if (l != null) {
            return l;
        }
        Long size = sizes.get(digest);
        if (size == null) {
            throw new IllegalStateException("blob " + digest + " was never put");
        }
        return new Location(pathOf(digest), 0, size);
    }

    InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(pathOf(digest));
    }

    /** A small staged document (a config), read under {@code limit}. */
    byte[] readSmall(Digest digest, long limit, String what) throws IOException {
        if (!sizes.containsKey(digest) || elsewhere.containsKey(digest)) {
            throw new IOException(what + ": blob " + digest + " was never put");
        }
        try (InputStream in = open(digest)) {
            return BoundedReads.readAtMost(in, limit, what);
        }
    }

    private Path pathOf(Digest digest) {
        return dir.resolve(digest.algorithm()).resolve(digest.hex());
    }

    void delete() {
        TempFiles.delete(dir);
    }
}
