package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ArtifactNode;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.io.InputStream;

/**
 * Writes one artifact (signature, SBOM, attestation, …) as it is: each blob streamed from the
 * source through its verifying stream, then the manifest's exact bytes. Nothing is transcoded
 * and no manifest is authored, so the artifact's digest — what a signature or a {@code subject}
 * names — is the same at the destination.
 */
final class ArtifactWriter {
    private final ImageSource source;
    private final ImageSink sink;
    private final CopyListener listener;
    private final BlobReuser reuser;

    ArtifactWriter(ImageSource source, ImageSink sink, CopyListener listener) {
        this.source = source;
        this.sink = sink;
        this.listener = listener;
        this.reuser = new BlobReuser(source, sink, listener);
    }

    /** @return the artifact's descriptor, as written (the source's digest, size and type) */
    Descriptor write(ArtifactNode artifact, Descriptor sourceDescriptor) throws IOException {
        for (Descriptor blob : artifact.blobs()) {
            String what = "blob " + blob.mediaType() + " of artifact " + sourceDescriptor.digest().shortHex();
            if (!reuser.reused(what, blob.digest(), blob.size())) {
                sink.putBlob(BlobWrite.verified(blob.mediaType(), blob.digest(), blob.size(), out -> {
                    try (InputStream in = source.openBlob(blob)) {
                        in.transferTo(out);
                    }
                }));
                listener.blobDone(what, blob.digest(), blob.size(), false);
            }
        }
        sink.putManifest(artifact.raw());
        return new Descriptor(artifact.raw().mediaType(), artifact.raw().digest(), artifact.raw().size(),
                null, null, null, sourceDescriptor.platform(), artifact.manifest().artifactType());
    }
}
