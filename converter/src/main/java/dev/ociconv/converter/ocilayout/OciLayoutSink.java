package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.FileModes;
import dev.ociconv.converter.io.Interruption;
import dev.ociconv.converter.io.TempFiles;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *       (temp file, then rename), or to standard output. An existing archive is refused unless
 *       {@code --force} says to <em>replace</em> it (never added to, as skopeo's
 *       {@code oci-archive:}); see {@link ArchiveOutput}.</li>
 * </ul>
 * What is committed has the modes of new files and directories ({@link FileModes}); temp files
 * are named and cleaned up as {@link TempFiles} says, and those a killed run left are swept when
 * the sink opens.
 * Naming of index.json entries: see {@link IndexEntries}.
 */
public final class OciLayoutSink implements ImageSink {
    // OCI manifests only: readers of layouts (skopeo's oci: transport, umoci, scanners) skip or
    // refuse Docker schema2 entries, so a Docker manifest is re-authored as OCI on the way in
    // (as skopeo does); the config bytes, hence the image ID, stay as they are.
    private static final SinkCapabilities CAPABILITIES = new SinkCapabilities(
            List.of(MediaType.OCI_MANIFEST), true, Optional.empty(), Optional.empty(), false, true);
    // A bundle keeps every manifest as it came, Docker's too: its digests are what the list and the
    // far registry name (OCI layouts may hold Docker manifests; Docker 25's own save does).
    private static final SinkCapabilities BUNDLE_CAPABILITIES = new SinkCapabilities(
            List.of(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST), true, Optional.empty(), Optional.empty(), false, true);

    private final String description;
    private final Path target;
    private final ArchiveOutput archive;
    /** Where the layout is built: the target itself (existing layout) or a temp dir to be renamed/tarred. */
    private final Path staging;
    private final boolean stagingIsTemp;
    private final LayoutBlobWriter blobs;
    private final SinkCapabilities capabilities;
    /** A bundle being built across runs: what it wrote stays when it closes uncommitted, for the next run to resume. */
    private final boolean keepOnClose;
    /** What {@link #addImage} was given, replayed onto the index.json found at commit (another writer's may have changed it). */
    private final List<Added> added = new java.util.ArrayList<>();
    private boolean committed;

    private record Added(Descriptor root, List<String> names) {
    }
    private boolean closed;

    private OciLayoutSink(String description, Path target, ArchiveOutput archive, Path staging, boolean stagingIsTemp) {
        this(description, target, archive, staging, stagingIsTemp, CAPABILITIES, false);
    }

    private OciLayoutSink(String description, Path target, ArchiveOutput archive, Path staging, boolean stagingIsTemp,
                          SinkCapabilities capabilities, boolean keepOnClose) {
        this.capabilities = capabilities;
        this.keepOnClose = keepOnClose;
        this.description = description;
        this.target = target;
        this.archive = archive;
        this.staging = staging;
        this.stagingIsTemp = stagingIsTemp;
        this.blobs = new LayoutBlobWriter(staging, description, keepOnClose);
        if (!stagingIsTemp && !keepOnClose) {
            // Blobs go straight into the user's directory: an interrupted run must take them back.
            TempFiles.registerUndo(this, this::rollbackShared);
        }
    }

    /**
     * A layout directory: created if absent, added to if it is a layout already (or an empty
     * directory). Anything else there is refused now, before any work.
     */
    public static OciLayoutSink directory(Path dir) throws IOException {
        String description = "oci:" + dir;
        Path abs = dir.toAbsolutePath();
        if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path parent = abs.getParent();
            if (parent == null) {
                throw new IOException(description + ": cannot write a layout as the filesystem root");
            }
            Files.createDirectories(parent);
            TempFiles.sweep(parent);
            return new OciLayoutSink(description, abs, null, TempFiles.directoryBeside(abs), true);
        }
        if (!Files.isDirectory(abs)) {
            throw new FileAlreadyExistsException(dir.toString(), null,
                    "exists and is not a directory (an OCI layout is a directory; oci-archive: writes a tar)");
        }
        TempFiles.sweep(abs); // a killed run's partial blobs
        if (isEmpty(abs) || isBeingMade(abs)) {
            return registered(new OciLayoutSink(description, abs, null, abs, false));
        }
        if (!Files.exists(abs.resolve("oci-layout"))) {
            throw new FileAlreadyExistsException(dir.toString(), null,
                    "exists, is not empty and is not an OCI image layout (no oci-layout file); choose a new or empty directory");
        }
        // Read through the source, so an existing layout is held to the same checks as any input.
        // (its index.json is read again at commit, under the lock: another writer may change it meanwhile)
        try (OciLayoutSource checked = OciLayoutSource.openDirectory(abs, Limits.DEFAULT)) {
            return registered(new OciLayoutSink(description, abs, null, abs, false));
        }
    }

    /**
     * A writer of an existing layout shows itself to the others before it looks at any blob (its
     * partial-blob directory, named with its pid): their clean-up after a failure then leaves the
     * blobs it may rely on.
     */
    private static OciLayoutSink registered(OciLayoutSink sink) throws IOException {
        try {
            sink.blobs.register(Json.write(OciLayout.CURRENT));
        } catch (IOException e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    /**
     * The staging layout of a bundle that runs build together ({@code ociconv mirror}): created if
     * absent, added to otherwise; each blob is renamed into {@code blobs/} once verified, and stays
     * there when the sink closes without commit, so the next run finds it present and does not
     * fetch it again. Manifests are stored as they come, Docker's included. The caller holds the
     * directory's lock and publishes it.
     */
    public static OciLayoutSink bundle(Path dir) throws IOException {
        Files.createDirectories(dir);
        TempFiles.sweep(dir); // a killed run's partial blobs
        OciLayoutSink sink = new OciLayoutSink("oci:" + dir, dir, null, dir, false, BUNDLE_CAPABILITIES, true);
        if (!Files.exists(dir.resolve("oci-layout"))) {
            sink.blobs.writeFile("oci-layout", Json.write(OciLayout.CURRENT));
        }
        return sink;
    }

    /**
     * Of a bundle's staging: how many bytes of {@code digest} an earlier run wrote before it stopped
     * (0: none). A source that can send the rest alone saves fetching them.
     */
    public long resumableBytes(Digest digest) throws IOException {
        return blobs.resumable(digest);
    }

    /** The first {@code bytes} of what {@link #resumableBytes} counted, for a source to replay before the rest. */
    public java.io.InputStream openResumable(Digest digest, long bytes) throws IOException {
        return blobs.openResumable(digest, bytes);
    }

    /** A layout tar, written at commit; the file must not exist yet. */
    public static OciLayoutSink archive(Path tarFile) throws IOException {
        return archive(ArchiveOutput.file(tarFile, false));
    }

    /** A layout tar written at commit to {@code output} (a file, or standard output). */
    public static OciLayoutSink archive(ArchiveOutput output) throws IOException {
        String description = "oci-archive:" + output.name();
        return new OciLayoutSink(description, output.toStandardOutput() ? null : output.file(), output,
                output.newStagingDirectory(), true);
    }

    /**
     * An empty directory another writer is making a layout of right now: its oci-layout (and maybe
     * blobs) but no index.json yet, nothing else but temp files.
     */
    private static boolean isBeingMade(Path dir) throws IOException {
        if (Files.exists(dir.resolve("index.json"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .allMatch(n -> n.equals("oci-layout") || n.equals("blobs") || TempFiles.isTempName(n));
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> TempFiles.isTempName(p.getFileName().toString())); // only our temp files: empty
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SinkCapabilities capabilities() {
        return capabilities;
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
    public void addReferrer(Descriptor referrer) throws IOException {
        addImage(referrer, List.of()); // an entry without a name, as oras writes referrers
    }

    @Override
    public void addImage(Descriptor root, List<String> names) throws IOException {
        checkOpen();
        if (!blobs.has(root.digest(), root.size())) {
            throw new IOException(description + ": image " + root.digest() + " added before its manifest was put");
        }
        synchronized (added) {
            added.add(new Added(root, List.copyOf(names)));
        }
    }

    @Override
    public synchronized void commit() throws IOException {
        checkOpen();
        if (keepOnClose) {
            writeIndex(merged(null)); // the caller's lock holds the directory; its index is this run's alone
            blobs.dropResumable();
        } else if (!stagingIsTemp) {
            commitShared();
        } else {
            writeIndex(merged(null));
        }
        blobs.finish();
        if (archive != null) {
            LayoutTarWriter.write(staging, archive);
        } else if (stagingIsTemp) {
            FileModes.publishTree(staging);
            TempFiles.publishNew(staging, target);
        }
        committed = true;
    }

    /**
     * The commit of a layout others may write too: under the layout's lock, the index.json there
     * now is read again and this run's images added to it, so a writer that committed meanwhile
     * keeps its images; then it is replaced atomically.
     */
    private void commitShared() throws IOException {
        try (LayoutLock lock = LayoutLock.acquire(staging, LayoutLock.DEFAULT_TIMEOUT, description)) {
            writeIndex(merged(currentIndex()));
        }
    }

    /** This run's images added to {@code base} (null: none), with the layout naming rules. */
    private ImageIndex merged(ImageIndex base) {
        IndexEntries entries = new IndexEntries(base);
        synchronized (added) {
            for (Added a : added) {
                entries.add(a.root(), a.names());
            }
        }
        return entries.toIndex();
    }

    /** The layout's index.json as it is on disk now, or null when there is none yet. */
    private ImageIndex currentIndex() throws IOException {
        Path file = staging.resolve("index.json");
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = dev.ociconv.model.content.BoundedReads.readAtMost(in, Limits.DEFAULT.maxArchiveIndexBytes(),
                    description + ": index.json");
        }
        return ImageIndex.parse(bytes, description + ": index.json");
    }

    private void writeIndex(ImageIndex result) throws IOException {
        byte[] indexBytes = Json.write(result);
        ImageIndex.parse(indexBytes, description + ": index.json we wrote"); // never publish what we would not read
        if (!Files.exists(staging.resolve("oci-layout"))) {
            blobs.writeFile("oci-layout", Json.write(OciLayout.CURRENT));
        }
        if (stagingIsTemp || keepOnClose) {
            blobs.writeFile("index.json", indexBytes);
        } else {
            // The commit point of an existing layout: its new index.json. No interrupt can fall
            // between it and forgetting the undo (which would take back blobs it now names).
            Interruption.unlessInterrupted(() -> {
                blobs.writeFile("index.json", indexBytes);
                TempFiles.withdrawUndo(this);
                return null;
            });
        }
    }

    /**
     * Takes back what this run put into an existing layout that it did not commit, under the
     * layout's lock: only blobs it created, only those no index entry references now, and none
     * while another writer is at work (it may have found one of them present and rely on it).
     * What is left is unreferenced, never missing.
     */
    private void rollbackShared() {
        try (LayoutLock lock = LayoutLock.acquire(staging, java.time.Duration.ofSeconds(5), description)) {
            if (Files.exists(staging.resolve("index.json"))) {
                blobs.keep("oci-layout"); // a layout now, whoever made it one
            }
            if (TempFiles.othersWriting(staging)) {
                blobs.rollbackKeeping(null);
                return;
            }
            blobs.rollbackKeeping(LayoutReferences.of(staging, currentIndex(), description));
        } catch (IOException | RuntimeException e) {
            blobs.rollbackKeeping(null); // unsure what others need: keep every blob
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
        TempFiles.withdrawUndo(this);
        if (keepOnClose) {
            blobs.finish();
        } else if (stagingIsTemp) {
            if (!committed || archive != null) {
                TempFiles.delete(staging);
            }
        } else if (!committed) {
            rollbackShared();
        } else {
            blobs.finish();
        }
    }
}
