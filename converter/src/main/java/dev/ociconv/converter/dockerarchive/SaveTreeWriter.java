package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.FileChannelOutput;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.GoJson;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The directory {@code docker save} builds in its temp dir before tarring it, kept as a list of
 * entries instead of files: each path with its kind and modification time. Written out, it is
 * walked as Go's {@code filepath.Walk} walks (names of a directory sorted bytewise, a directory
 * right before its contents, no entry for the root) and each entry becomes one Go tar header.
 * Layer files are not copied here: they stream from the staging area when the tar is written.
 */
final class SaveTreeWriter {

    enum Kind { DIR, BYTES, BLOB, SYMLINK }

    /**
     * One entry of the tree. {@code size} of a BLOB is -1 in a plan made before the blob was
     * written (see {@link DirectSaveTar}).
     */
    record Entry(String name, Kind kind, byte[] bytes, Digest blob, long size, String target, long mtime) {
        Entry withMtime(long newMtime) {
            return new Entry(name, kind, bytes, blob, size, target, newMtime);
        }

        /** Writes this entry; a BLOB's bytes come from {@code blobs}. */
        void writeTo(GoTarWriter tar, StagedBlobWriter blobs) throws IOException {
            switch (kind) {
                case DIR -> tar.directory(name, mtime);
                case BYTES -> tar.file(name, bytes, mtime);
                case SYMLINK -> tar.symlink(name, target, mtime);
                case BLOB -> {
                    StagedBlobWriter.Location at = blobs.locate(blob);
                    tar.file(name, at.file(), at.offset(), size, mtime);
                }
            }
        }
    }

    /** Unix seconds of Go's maximum time that os.Chtimes accepts (moby pkg/system clamps to it). */
    private static final long MAX_CHTIMES = Long.MAX_VALUE / 1_000_000_000L;

    /**
     * Keyed by path in walk order: component by component, each compared as Go compares strings
     * (a {@code '/'} sorts before any other character, so {@code a/x} comes before {@code a.b}).
     * One string per entry, no split copy: a save of 26,000 layers holds 100,000 entries.
     */
    private final Map<String, Entry> entries = new TreeMap<>((a, b) -> GoJson.compareCodePoints(a, b, '/'));
    /** config digest → digest of the manifest this tree holds for that image (Docker 25's form has one). */
    private final Map<Digest, Digest> manifests = new java.util.HashMap<>();

    /** Notes that the tree holds {@code manifest} for the image of {@code config}. */
    void manifestOf(Digest config, Digest manifest) {
        manifests.put(config, manifest);
    }

    /** The manifest the tree holds for the image of {@code config}, if any. */
    java.util.Optional<Digest> manifestOf(Digest config) {
        return java.util.Optional.ofNullable(manifests.get(config));
    }

    void dir(String path, long mtime) {
        entries.put(path, new Entry(path, Kind.DIR, null, null, 0, null, mtime));
    }

    void file(String path, byte[] content, long mtime) {
        // the tree keeps the caller's array (each is built for its entry): a copy would double them
        entries.put(path, new Entry(path, Kind.BYTES, content, null, content.length, null, mtime));
    }

    void blob(String path, Digest blob, long size, long mtime) {
        entries.put(path, new Entry(path, Kind.BLOB, null, blob, size, null, mtime));
    }

    void symlink(String path, String target, long mtime) {
        entries.put(path, new Entry(path, Kind.SYMLINK, null, null, 0, target, mtime));
    }

    /** The entries in the order they are written. */
    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    boolean exists(String path) {
        return entries.containsKey(path);
    }

    /** Like {@code system.Chtimes} on an existing path. */
    void touch(String path, long mtime) {
        Entry e = entries.get(path);
        if (e == null) {
            throw new IllegalStateException("no entry " + path);
        }
        entries.put(path, e.withMtime(mtime));
    }

    /** moby's {@code system.Chtimes}: a time before the epoch or past Go's range becomes the epoch. */
    static long chtimes(OffsetDateTime time) {
        if (time == null) {
            return 0;
        }
        long s = time.toEpochSecond();
        return s < 0 || s > MAX_CHTIMES ? 0 : s;
    }

    static long seconds(Instant now) {
        return Math.max(0, now.getEpochSecond());
    }

    /** Tars the tree into {@code out}; layer blobs are read from {@code blobs}. */
    void writeTar(Path out, StagedBlobWriter blobs, SaveTarStyle style) throws IOException {
        writeTar(FileChannelOutput.create(out), blobs, style);
    }

    /** Tars the tree into {@code out} (closed at the end); layer blobs are read from {@code blobs}. */
    void writeTar(FileChannelOutput out, StagedBlobWriter blobs, SaveTarStyle style) throws IOException {
        try (GoTarWriter tar = new GoTarWriter(out, style)) {
            for (Entry e : entries.values()) {
                e.writeTo(tar, blobs);
            }
            tar.finish();
        }
    }
}
