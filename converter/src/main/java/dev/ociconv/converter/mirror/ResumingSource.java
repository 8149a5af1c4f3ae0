package dev.ociconv.converter.mirror;

import dev.ociconv.converter.ocilayout.OciLayoutSink;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ForwardingImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.registry.RegistrySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry source that sends only the rest of a blob an earlier mirror run had half fetched:
 * the staging layout holds the first N bytes ({@link OciLayoutSink#resumableBytes}), so the
 * registry is asked for {@code Range: bytes=N-} and the stream the copier reads is those N bytes,
 * replayed from the staging file, then the registry's. The whole is verified against the digest
 * as any blob is, and the layout hashes its file again on its own. A registry that answers the
 * range with the whole blob gets the blob fetched again from the start.
 */
final class ResumingSource extends ForwardingImageSource {
    private final RegistrySource registry;
    private final OciLayoutSink staging;
    private final AtomicLong resumedBytes;

    /** {@code resumedBytes} counts the bytes not fetched again. */
    ResumingSource(RegistrySource registry, OciLayoutSink staging, AtomicLong resumedBytes) {
        super(registry);
        this.registry = registry;
        this.staging = staging;
        this.resumedBytes = resumedBytes;
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        Optional<InputStream> resumed = layer.digest() == null ? Optional.empty() : resume(layer.digest(), layer.size());
        return resumed.isPresent() ? resumed.get() : super.openLayer(layer);
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        Optional<InputStream> resumed = resume(descriptor.digest(), descriptor.size());
        return resumed.isPresent() ? resumed.get() : super.openBlob(descriptor);
    }

    private Optional<InputStream> resume(Digest digest, long size) throws IOException {
        long have = staging.resumableBytes(digest);
        if (have <= 0 || size < 0 || have >= size) {
            return Optional.empty();
        }
        Optional<InputStream> rest = registry.openBlobFrom(digest, size, have);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        resumedBytes.addAndGet(have);
        InputStream whole = new SequenceInputStream(staging.openResumable(digest, have), rest.get());
        return Optional.of(new VerifyingInputStream(whole, digest, size, description() + ": blob " + digest + " (resumed at byte " + have + ")"));
    }
}
