package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.OciLayout;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.StoredBlob;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An OCI image layout as a sink: a directory ({@code oci:DIR}) or a tar ({@code oci-archive:FILE}).
 *
 * <p>Atomicity.
 * <ul>
 *   <li>A directory that does not exist yet is built in a temp directory beside it and renamed
 *       into place at {@link #commit()}.</li>
 *   <li>An existing layout (or an empty directory) is added to: new blobs are written into it
 *       (content-addressed, so harmless to readers), index.json is replaced by one rename at
 *       commit, keeping its other entries; {@link #close()} without commit removes the blobs and
 *       directories this sink created. A non-empty directory that is not a layout is refused.</li>
 *   <li>An archive is staged as a directory beside the target and written as one tar at commit
 *       (temp file, then rename). An existing archive is <em>replaced</em>, not added to, as
 *       skopeo's {@code oci-archive:} does.</li>
 * </ul>
 * Naming of index.json entries: see {@link IndexEntries}.
 */
public final class OciLayoutSink implements ImageSink {
    // OCI manifests only: readers of layouts (skopeo's oci: transport, umoci, scanners) skip or
    // refuse Docker schema2 entries, so a Docker manifest is re-authored as OCI on the way in
    // (as skopeo does); the config bytes, hence the image ID, stay as they are.
    private static final SinkCapabilities CAPABILITIES = new SinkCapabilities(
            List.of(MediaType.OCI_MANIFEST), true, Optional.empty(), Optional.empty(), false);

    private final String description;
    private final Path target;
    private final boolean archive;
    /** Where the layout is built: the target itself (existing layout) or a temp dir to be renamed/tarred. */
    private final Path staging;
    private final boolean stagingIsTemp;
    private final LayoutBlobWriter blobs;
    private final IndexEntries index;
    private boolean committed;
    private boolean closed;

    private OciLayoutSink(String description, Path target, boolean archive, Path staging, boolean stagingIsTemp,
                          ImageIndex existing) {
        this.description = description;
        this.target = target;
        this.archive = archive;
        this.staging = staging;
        this.stagingIsTemp = stagingIsTemp;
        this.blobs = new LayoutBlobWriter(staging, description);
        this.index = new IndexEntries(existing);
    }

    /** A layout directory: created if absent, added to if it is a layout already. */
    public static OciLayoutSink directory(Path dir) throws IOException {
        String description = "oci:" + dir;
        if (!Files.exists(dir)) {
            return new OciLayoutSink(description, dir, false, AtomicFiles.tempDirBeside(dir), true, null);
        }
        if (!Files.isDirectory(dir)) {
            throw new FileAlreadyExistsException(description + ": exists and is not a directory");
        }
        if (isEmpty(dir)) {
            return new OciLayoutSink(description, dir, false, dir, false, null);
        }
        if (!Files.exists(dir.resolve("oci-layout"))) {
            throw new IOException(description + ": exists, is not empty and is not an OCI image layout (no oci-layout)");
        }
        // Read through the source, so an existing layout is held to the same checks as any input.
        try (OciLayoutSource existing = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            return new OciLayoutSink(description, dir, false, dir, false, existing.index());
        }
    }

    /** A layout tar, written at commit; an existing file is replaced. */
    public static OciLayoutSink archive(Path tarFile) throws IOException {
        String description = "oci-archive:" + tarFile;
        if (Files.isDirectory(tarFile)) {
            throw new FileAlreadyExistsException(description + ": is a directory");
        }
        return new OciLayoutSink(description, tarFile, true, AtomicFiles.tempDirBeside(tarFile), true, null);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SinkCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public boolean hasBlob(Digest digest, long size) throws IOException {
        return blobs.has(digest, size);
    }

    @Override
    public StoredBlob putBlob(BlobWrite blob) throws IOException {
        checkOpen();
        return blobs.put(blob);
    }

    @Override
    public void putManifest(RawDocument document) throws IOException {
        checkOpen();
        byte[] bytes = document.bytes();
        blobs.put(new BlobWrite(document.mediaType(), document.digest(), bytes.length, out -> out.write(bytes)));
    }

    @Override
    public void addImage(Descriptor root, List<String> names) throws IOException {
        checkOpen();
        if (!blobs.has(root.digest(), root.size())) {
            throw new IOException(description + ": image " + root.digest() + " added before its manifest was put");
        }
        index.add(root, names);
    }

    @Override
    public synchronized void commit() throws IOException {
        checkOpen();
        ImageIndex result = index.toIndex();
        byte[] indexBytes = Json.write(result);
        ImageIndex.parse(indexBytes, description + ": index.json we wrote"); // never publish what we would not read
        if (!Files.exists(staging.resolve("oci-layout"))) {
            blobs.writeFile("oci-layout", Json.write(OciLayout.CURRENT));
        }
        blobs.writeFile("index.json", indexBytes);
        if (archive) {
            LayoutTarWriter.write(staging, target);
        } else if (stagingIsTemp) {
            moveDirectoryInto(staging, target);
        }
        committed = true;
    }

    private void moveDirectoryInto(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(description + ": cannot rename the finished layout into place: " + e.getMessage(), e);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(description + ": appeared while the layout was being written");
        }
    }

    private void checkOpen() {
        if (closed || committed) {
            throw new IllegalStateException(description + ": sink already " + (closed ? "closed" : "committed"));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stagingIsTemp) {
            if (!committed || archive) {
                AtomicFiles.deleteQuietly(staging);
            }
        } else if (!committed) {
            blobs.rollback();
        }
    }
}
