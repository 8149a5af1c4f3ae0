package dev.ociconv.converter.copy;

import dev.ociconv.model.digest.Digest;

/** Progress of a copy, for the CLI's lines or bars. Called from worker threads. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {
    };

    /** A blob was written ({@code skipped}: the sink already had it). */
    default void blobDone(String what, Digest digest, long size, boolean skipped) {
    }

    /** A blob was mounted from another repository of the same registry instead of copied. */
    default void blobMounted(String what, Digest digest, long size, String fromRepository) {
        blobDone(what, digest, size, true);
    }

    /** Bytes moved so far for a blob, now and then. */
    default void blobProgress(String what, long bytes, long total) {
    }

    /**
     * An artifact (signature, SBOM, attestation) left out, and {@code why}: the destination
     * cannot hold it (a docker save archive), or one platform was taken from an index; the
     * images are copied all the same.
     */
    default void artifactDropped(String artifact, String why) {
        dev.ociconv.converter.io.Notices.say("left out " + artifact + ": " + why
                + " (--drop-artifacts: without these lines)");
    }

    /** This listener, saying nothing about dropped artifacts ({@code --drop-artifacts}: the user expects it). */
    static CopyListener droppingArtifactsSilently(CopyListener l) {
        return new ForwardingCopyListener(l) {
            @Override
            public void artifactDropped(String artifact, String why) {
            }
        };
    }

    /** A whole image (manifest or index) was written. */
    default void imageDone(String names, Digest digest) {
    }
}
