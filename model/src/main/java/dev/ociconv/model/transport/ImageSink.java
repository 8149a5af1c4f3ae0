package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where images go: an OCI layout (directory or tar), a {@code docker save} archive, a registry.
 *
 * <p>Contract. A sink stores what it is given, exactly; it never converts. The copier calls, for
 * each image: {@link #putBlob} for every layer and then the config, {@link #putManifest} for the
 * manifest (and afterwards for an index over several manifests), then {@link #addImage} with the
 * root and its names. When every image is in, {@link #commit()}; {@link #close()} without commit
 * MUST leave the target as it was before the sink was opened.
 * <ul>
 *   <li>{@link #putBlob} MUST compute digest and size from the bytes it writes; when the write
 *       names an expected digest or size and the bytes differ, it MUST fail with
 *       {@link dev.ociconv.model.digest.DigestMismatchException} and keep nothing. When the write's
 *       content verifies itself ({@link BlobWrite#contentVerified()}), the sink may take the
 *       expected digest instead of hashing again, but still counts the bytes; a failure of the
 *       content's {@code writeTo} MUST likewise leave nothing.</li>
 *   <li>{@link #putBlob} may be called from several threads at once.</li>
 *   <li>{@link #putManifest} stores the exact bytes; a manifest's blobs MUST have been put (or be
 *       present) first.</li>
 * </ul>
 */
public interface ImageSink extends Closeable {

    String description();

    SinkCapabilities capabilities();

    /** True when the sink already holds this blob, so it need not be written again. */
    boolean hasBlob(Digest digest, long size) throws IOException;

    /**
     * Asked before a blob that would be stored as it is in the source: whether the sink can do
     * without the bytes — it holds the blob already, or (a registry) mounts it from the source's
     * repository on the same registry. Reuse is the sink's to decide; the copier only asks.
     *
     * @param origin where the source's blobs live, when others can reach them
     */
    default BlobReuse tryReuse(Digest digest, long size, java.util.Optional<BlobOrigin> origin) throws IOException {
        return hasBlob(digest, size) ? BlobReuse.PRESENT : BlobReuse.NONE;
    }

    StoredBlob putBlob(BlobWrite blob) throws IOException;

    /**
     * Asked once per image, before any of its layers is put: whether the sink wants the layers
     * one at a time, in a given order. A sink that writes one stream (a tar) can then write each
     * layer straight into its output instead of staging it and copying it again at the end.
     *
     * @param root  the image's descriptor in the source, with the source's annotations
     * @param image the image: its config (the sink may work out its layout from it) and layers
     * @return the indexes of {@code image.layers()} in the order the sink wants them (every index
     *         once), or empty (the default) to take them in any order, several at once
     */
    default Optional<List<Integer>> sequentialLayerOrder(Descriptor root, ManifestNode image) throws IOException {
        return Optional.empty();
    }

    void putManifest(RawDocument document) throws IOException;

    /**
     * Records a top-level image (manifest or index already put) under these names: tags of a
     * docker save archive, ref names of an OCI layout; empty for an untagged image.
     * {@code root}'s annotations are the source's and may be kept.
     */
    void addImage(Descriptor root, List<String> names) throws IOException;

    /**
     * Records a manifest (put already) that refers to an image through its {@code subject}: a
     * layout lists it in {@code index.json} without a name, as oras and regclient do; a registry
     * needs nothing more (pushed by digest, and {@link #putManifest} keeps the fallback tag where
     * the registry has no referrers API). By default, nothing to record.
     */
    default void addReferrer(Descriptor referrer) throws IOException {
    }

    /** Makes the result visible at the target, atomically where the medium allows. */
    void commit() throws IOException;

    /**
     * After {@link #commit()}: the digest of the manifest or index that addresses the image added
     * with {@code root} in the target (what {@code docker pull REF@DIGEST} or {@code oci:DIR@DIGEST}
     * would name), or empty when the target holds no manifest for it (a legacy {@code docker save}
     * archive, where the image ID names it). By default the root's own digest: a sink that stores
     * what it is given.
     */
    default Optional<Digest> committedDigest(Descriptor root) {
        return Optional.of(root.digest());
    }

    /** Releases resources; without a prior {@link #commit()}, discards everything written. */
    @Override
    void close() throws IOException;
}
