package dev.ociconv.converter.mirror;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobOrigin;
import dev.ociconv.model.transport.BlobReuse;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.StoredBlob;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The staging layout as the copier sees it during a mirror run. Two things differ from the layout
 * itself:
 * <ul>
 *   <li>the index entries of one image (the image and its referrers) are held until the mirror
 *       says the image is complete ({@link #adopt}); an image that failed half way is
 *       {@link #discard}ed whole, never listed with some of its referrers;</li>
 *   <li>a differential bundle's layers that its base holds ({@code --since}) count as present,
 *       so they are neither fetched nor written; configs and manifests always are;</li>
 *   <li>a bundle for {@code --to docker25} holds what the archive can: one platform per image, no artifacts.</li>
 * </ul>
 * Commit and close are the mirror's, not the copier's.
 */
final class BundleSink implements ImageSink {
    private final ImageSink layout;
    private final Set<Digest> heldByBase;
    private final List<Runnable> pendingEntries = new ArrayList<>();
    private final List<IOException> failures = new ArrayList<>();
    private final Set<Digest> leftToBase = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** For a docker25 bundle: one platform per image, no artifacts, as the archive will hold them. */
    private final boolean onePlatform;
    private final java.util.concurrent.atomic.AtomicInteger artifactsLeftOut = new java.util.concurrent.atomic.AtomicInteger();

    private final String description;

    /** {@code description}: the bundle as the user named it (messages say where, not the staging layout). */
    BundleSink(ImageSink layout, Set<Digest> heldByBase, boolean onePlatform, String description) {
        this.description = description;
        this.layout = layout;
        this.heldByBase = Set.copyOf(heldByBase);
        this.onePlatform = onePlatform;
    }

    /** Counts an artifact the copier left out (a docker25 bundle's staging holds none). */
    void artifactLeftOut() {
        artifactsLeftOut.incrementAndGet();
    }

    int artifactsLeftOut() {
        return artifactsLeftOut.get();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SinkCapabilities capabilities() {
        SinkCapabilities c = layout.capabilities();
        // a docker25 bundle stages what the archive will hold: the platform chosen (this machine's by
        // default), no attestations or signatures, so nothing is fetched that would be left out
        return onePlatform ? new SinkCapabilities(c.manifestTypes(), false, c.requiredLayerCompression(),
                c.defaultLayerCompression(), c.authorsDockerManifests(), false) : c;
    }

    @Override
    public boolean hasBlob(Digest digest, long size) throws IOException {
        return layout.hasBlob(digest, size);
    }

    @Override
    public BlobReuse tryReuse(Digest digest, long size, Optional<BlobOrigin> origin) throws IOException {
        if (layout.hasBlob(digest, size)) {
            return BlobReuse.PRESENT;
        }
        if (heldByBase.contains(digest)) {
            leftToBase.add(digest);
            return BlobReuse.PRESENT;
        }
        return BlobReuse.NONE;
    }

    @Override
    public StoredBlob putBlob(BlobWrite blob) throws IOException {
        return layout.putBlob(blob);
    }

    @Override
    public Optional<List<Integer>> sequentialLayerOrder(Descriptor root, ManifestNode image) throws IOException {
        return layout.sequentialLayerOrder(root, image);
    }

    @Override
    public void putManifest(RawDocument document) throws IOException {
        layout.putManifest(document);
    }

    @Override
    public synchronized void addImage(Descriptor root, List<String> names) {
        pendingEntries.add(() -> run(() -> layout.addImage(root, names)));
    }

    @Override
    public synchronized void addReferrer(Descriptor referrer) {
        pendingEntries.add(() -> run(() -> layout.addReferrer(referrer)));
    }

    private interface Step {
        void run() throws IOException;
    }

    private void run(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /** The image copied since the last adopt or discard is complete: its entries go into the index. */
    synchronized void adopt() throws IOException {
        pendingEntries.forEach(Runnable::run);
        pendingEntries.clear();
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.clear();
            throw first;
        }
    }

    /** The image failed: none of its entries go into the index (its verified blobs stay, for a later run). */
    synchronized void discard() {
        pendingEntries.clear();
    }

    /** The base's layers the images named and the bundle does not hold. */
    Set<Digest> leftToBase() {
        return Set.copyOf(leftToBase);
    }

    @Override
    public void commit() {
        throw new IllegalStateException("a mirror run commits the bundle itself");
    }

    @Override
    public void close() {
        // the mirror closes the layout
    }
}
