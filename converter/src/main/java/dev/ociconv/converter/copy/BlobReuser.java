package dev.ociconv.converter.copy;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.BlobReuse;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;

/**
 * Asks the sink whether a blob copied as it is needs its bytes at all ({@link ImageSink#tryReuse}),
 * and tells the listener what happened. The copier decides nothing here: what counts as "already
 * there" or "mountable" is the sink's.
 */
final class BlobReuser {
    private final ImageSource source;
    private final ImageSink sink;
    private final CopyListener listener;

    BlobReuser(ImageSource source, ImageSink sink, CopyListener listener) {
        this.source = source;
        this.sink = sink;
        this.listener = listener;
    }

    /** True when the sink needs no bytes for this blob (reported as existing or mounted). */
    boolean reused(String what, Digest digest, long size) throws IOException {
        java.util.Optional<dev.ociconv.model.transport.BlobOrigin> origin = source.originOf(digest);
        BlobReuse reuse = sink.tryReuse(digest, size, origin);
        switch (reuse) {
            case PRESENT -> listener.blobDone(what, digest, size, true);
            case MOUNTED -> listener.blobMounted(what, digest, size, origin.orElseThrow().repository());
            case NONE -> {
                return false;
            }
        }
        return true;
    }
}
