package dev.ociconv.model.transport;

import dev.ociconv.model.spec.Descriptor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where images come from: a {@code docker save} archive, an OCI layout, a registry.
 *
 * <p>Contract. A source only finds and reads bytes; it never converts. Every call may be made
 * from any thread, any number of times, in any order, until {@link #close()}.
 * <ul>
 *   <li>{@link #entries()} MUST list the top-level images in the source's own order and MUST
 *       NOT read layer bytes.</li>
 *   <li>{@link #resolve(Descriptor)} MUST return the exact bytes of a manifest or index,
 *       verified against the descriptor's digest (and size), parsed strictly, within the
 *       {@link dev.ociconv.model.content.Limits}; for a config descriptor of an archive without
 *       manifests it returns a {@link ManifestNode} without manifest.</li>
 *   <li>{@link #openLayer(LayerRef)} MUST return a stream that fails with
 *       {@link dev.ociconv.model.digest.DigestMismatchException} at EOF (or earlier, on excess
 *       size) when the bytes do not match the layer's digest or size, where known. Callers MUST
 *       drain it to EOF before trusting what they read, and close it.</li>
 *   <li>{@link #openBlob(Descriptor)} does the same for any blob of a content-addressed source;
 *       an archive source without blobs may throw.</li>
 *   <li>Errors are {@link IOException}s whose message names the source and the entry.</li>
 * </ul>
 */
public interface ImageSource extends Closeable {

    /** The source as the user named it, e.g. {@code docker-archive:testimage.tar}. */
    String description();

    /** The top-level images, in the source's order. */
    List<SourceEntry> entries() throws IOException;

    /** A manifest, index or (manifest-less archive) config descriptor, resolved. */
    ImageNode resolve(Descriptor descriptor) throws IOException;

    /** A layer's stored bytes, verified as they are read. */
    InputStream openLayer(LayerRef layer) throws IOException;

    /** Any blob by descriptor, verified as it is read. */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    /**
     * The manifests that refer to {@code subject} (their {@code subject} is it): signatures,
     * SBOMs, attestations. By default the source's own top-level entries are searched
     * ({@link ReferrerScan}); a registry asks its referrers API.
     */
    default List<Descriptor> referrers(dev.ociconv.model.digest.Digest subject) throws IOException {
        return ReferrerScan.of(this, subject);
    }

    /** Where others can reach this source's blobs (a registry repository), for {@link ImageSink#tryReuse}. */
    default java.util.Optional<BlobOrigin> origin() {
        return java.util.Optional.empty();
    }

    /**
     * Where one blob can be mounted from: {@link #origin()} for most sources; a source that knows
     * better per blob says so (a bundle being pushed into a registry: the repository there that
     * received the blob first, so the next repository that needs it mounts it instead of receiving it again).
     */
    default java.util.Optional<BlobOrigin> originOf(dev.ociconv.model.digest.Digest digest) {
        return origin();
    }
}
