package dev.ociconv.converter.mirror;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobOrigin;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bundle as the source of a push, remembering which repository of the target received each
 * blob: the next image that needs it, in another repository, mounts it from there (one request)
 * instead of sending its bytes again — twenty images on one base send the base once.
 */
final class MountingBundle implements ImageSource {
    private final ImageSource bundle;
    private final Map<Digest, BlobOrigin> pushed = new ConcurrentHashMap<>();

    MountingBundle(ImageSource bundle) {
        this.bundle = bundle;
    }

    /** {@code blobs} are in {@code repository} of {@code registry} now. */
    void pushed(String registry, String repository, Iterable<Digest> blobs) {
        BlobOrigin origin = new BlobOrigin(registry, repository);
        for (Digest d : blobs) {
            pushed.putIfAbsent(d, origin);
        }
    }

    @Override
    public Optional<BlobOrigin> originOf(Digest digest) {
        return Optional.ofNullable(pushed.get(digest));
    }

    @Override
    public String description() {
        return bundle.description();
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        return bundle.entries();
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        return bundle.resolve(descriptor);
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        return bundle.openLayer(layer);
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return bundle.openBlob(descriptor);
    }

    @Override
    public List<Descriptor> referrers(Digest subject) throws IOException {
        return bundle.referrers(subject);
    }

    @Override
    public void close() {
        // the bundle is the caller's
    }
}
