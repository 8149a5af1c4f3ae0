package dev.ociconv.converter.copy;

import dev.ociconv.model.digest.Digest;

/** A listener that passes every event on to another; subclasses change the few they care about. */
public class ForwardingCopyListener implements CopyListener {
    private final CopyListener next;

    public ForwardingCopyListener(CopyListener next) {
        this.next = java.util.Objects.requireNonNull(next);
    }

    @Override
    public void blobDone(String what, Digest digest, long size, boolean skipped) {
        next.blobDone(what, digest, size, skipped);
    }

    @Override
    public void blobMounted(String what, Digest digest, long size, String fromRepository) {
        next.blobMounted(what, digest, size, fromRepository);
    }

    @Override
    public void blobProgress(String what, long bytes, long total) {
        next.blobProgress(what, bytes, total);
    }

    @Override
    public void artifactDropped(String artifact, String why) {
        next.artifactDropped(artifact, why);
    }

    @Override
    public void imageDone(String names, Digest digest) {
        next.imageDone(names, digest);
    }
}
