package dev.ociconv.converter.copy;

import dev.ociconv.model.transport.ForwardingImageSource;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;

import java.io.IOException;
import java.io.InputStream;

/**
 * A source whose non-distributable layers are read from the source when it has them after all (a
 * registry that was given them), else through the fetcher (their urls; the layer may be typed as an
 * ordinary one by now, so the urls decide). Everything else is the source's.
 */
final class ForeignLayerSource extends ForwardingImageSource {
    private final CopyOptions.ForeignLayerFetcher fetcher;

    ForeignLayerSource(ImageSource source, CopyOptions.ForeignLayerFetcher fetcher) {
        super(source);
        this.fetcher = fetcher;
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        try {
            return source().openLayer(layer);
        } catch (IOException notThere) {
            if (layer.urls().isEmpty()) {
                throw notThere;
            }
            return fetcher.open(layer);
        }
    }
}
