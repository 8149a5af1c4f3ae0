package dev.ociconv.converter.copy;

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
import java.util.Optional;

/**
 * A source whose non-distributable layers are read from the source when it has them after all (a
 * registry that was given them), else through the fetcher (their urls; the layer may be typed as an
 * ordinary one by now, so the urls decide). Everything else is the source's.
 */
final class ForeignLayerSource implements ImageSource {
    private final ImageSource source;
    private final CopyOptions.ForeignLayerFetcher fetcher;

    ForeignLayerSource(ImageSource source, CopyOptions.ForeignLayerFetcher fetcher) {
        this.source = source;
        this.fetcher = fetcher;
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        try {
            return source.openLayer(layer);
        } catch (IOException notThere) {
            if (layer.urls().isEmpty()) {
                throw notThere;
            }
            return fetcher.open(layer);
        }
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        return source.entries();
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        return source.resolve(descriptor);
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return source.openBlob(descriptor);
    }

    @Override
    public List<Descriptor> referrers(Digest subject) throws IOException {
        return source.referrers(subject);
    }

    @Override
    public Optional<BlobOrigin> originOf(Digest digest) {
        return source.originOf(digest);
    }

    @Override
    public void close() {
        // the source is the caller's
    }
}
