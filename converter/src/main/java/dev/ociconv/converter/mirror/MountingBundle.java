package dev.ociconv.converter.mirror;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.BlobOrigin;
import dev.ociconv.model.transport.ForwardingImageSource;
import dev.ociconv.model.transport.ImageSource;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bundle as the source of a push, remembering which repository of the target received each
 * blob: the next image that needs it, in another repository, mounts it from there (one request)
 * instead of sending its bytes again — twenty images on one base send the base once.
 */
final class MountingBundle extends ForwardingImageSource {
    private final Map<Digest, BlobOrigin> pushed = new ConcurrentHashMap<>();

    MountingBundle(ImageSource bundle) {
        super(bundle);
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
}
