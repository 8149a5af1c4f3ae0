package dev.ociconv.converter.mirror;

/** What a mirror run tells its user, image by image. */
public interface MirrorListener {
    MirrorListener NONE = new MirrorListener() {
    };

    /** A staging layout of an earlier run was found: its verified blobs are kept. */
    default void resuming(java.nio.file.Path staging, int blobs, long bytes) {
    }

    /** True when the listener shows totals: the writer then reads every image's manifests first, to sum its blobs. */
    default boolean wantsPlan() {
        return false;
    }

    /** Before any image is copied: how many there are, and the bytes of every blob they reach, each once. */
    default void planned(int images, long uniqueBytes) {
    }

    default void imageStarted(int position, int total, String label) {
    }

    /** {@code fetched}: the bytes it needed that the bundle did not hold yet. */
    default void imageDone(int position, int total, String label, String digest, long fetched, long seconds) {
    }

    default void imageFailed(int position, int total, String label, String error) {
    }
}
