package dev.ociconv.model.content;

/**
 * Caps on everything read into memory or unpacked from untrusted input. JSON documents are
 * small by nature; a larger one is an attack or an error, and is refused before it is buffered.
 *
 * @param maxManifestBytes manifests and indexes (containers/image uses 4 MiB too)
 * @param maxConfigBytes   image configs
 * @param maxArchiveIndexBytes a docker save {@code manifest.json} or {@code repositories}, an OCI {@code index.json}
 * @param maxEntries       tar entries in an archive or layer
 * @param maxPathLength    bytes in one entry name
 * @param maxUnpackedBytes total bytes written when unpacking
 */
public record Limits(
        long maxManifestBytes,
        long maxConfigBytes,
        long maxArchiveIndexBytes,
        long maxEntries,
        int maxPathLength,
        long maxUnpackedBytes) {

    /**
     * How deep indexes may nest (an index in an index …), the same for OCI indexes and Docker
     * manifest lists in every transport: real images use 1 (multi-platform) or 2 (containerd's
     * nested exports); a deeper chain is refused before it is descended, never followed.
     */
    public static final int MAX_INDEX_DEPTH = 8;

    /**
     * The most layers one manifest, and the most entries one index, may list. Generous: Docker
     * runs images of at most 127 layers and the largest real indexes list a few hundred entries;
     * 4 MiB of manifest holds about 26,000 real layer descriptors. Checked before the descriptors
     * are read into objects, so memory follows this cap, not what a hostile document claims.
     */
    public static final int MAX_DESCRIPTORS = 30_000;

    /** The one-line error for an index chain deeper than {@link #MAX_INDEX_DEPTH}. */
    public static java.io.IOException indexTooDeep(String where) {
        return new java.io.IOException(where + ": indexes nested more than " + MAX_INDEX_DEPTH + " deep");
    }

    public static final Limits DEFAULT = new Limits(
            4L << 20, 4L << 20, 1L << 20, 10_000_000L, 4096, 1L << 40);

    public Limits {
        if (maxManifestBytes <= 0 || maxConfigBytes <= 0 || maxArchiveIndexBytes <= 0
                || maxEntries <= 0 || maxPathLength <= 0 || maxUnpackedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
