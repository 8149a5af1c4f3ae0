package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source that is another one with a few answers changed: subclasses override what they change
 * (how a layer is read, where a blob mounts from). Closing it leaves the other open: it is the caller's.
 */
public class ForwardingImageSource implements ImageSource {
    private final ImageSource source;

    public ForwardingImageSource(ImageSource source) {
        this.source = Objects.requireNonNull(source);
    }

    /** The source this one forwards to. */
    protected ImageSource source() {
        return source;
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
    public InputStream openLayer(LayerRef layer) throws IOException {
        return source.openLayer(layer);
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
    public Optional<BlobOrigin> origin() {
        return source.origin();
    }

    @Override
    public Optional<BlobOrigin> originOf(Digest digest) {
        return source.originOf(digest);
    }

    @Override
    public void close() {
        // the forwarded source is the caller's to close
    }
}
