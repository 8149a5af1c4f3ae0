package dev.ociconv.converter.fs;

/**
 * Caps on what unpacking or exporting an image may consume, so that a hostile layer (a
 * decompression bomb, millions of empty entries, a 1 GiB PAX header) fails with a clear
 * message instead of filling the disk or the heap.
 *
 * @param maxTotalBytes  uncompressed tar bytes over all layers (headers included)
 * @param maxEntries     tar entries over all layers
 * @param maxPathLength  characters of an entry name or link target
 * @param maxFileSize    declared size of one entry
 * @param maxHeaderBytes bytes one entry's headers may span (PAX and GNU long-name records included)
 */
public record UnpackLimits(long maxTotalBytes, long maxEntries, int maxPathLength, long maxFileSize,
                           long maxHeaderBytes) {

    public UnpackLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxPathLength <= 0 || maxFileSize < 0 || maxHeaderBytes < 16384) {
            throw new IllegalArgumentException("unpack limits must be positive (header bytes at least 16 KiB)");
        }
    }

    /** Generous defaults: 64 GiB, 10 million entries, 4096-character names, 16 GiB per file, 1 MiB of headers. */
    public static UnpackLimits defaults() {
        return new UnpackLimits(64L << 30, 10_000_000L, 4096, 16L << 30, 1L << 20);
    }

    public UnpackLimits withMaxTotalBytes(long v) {
        return new UnpackLimits(v, maxEntries, maxPathLength, maxFileSize, maxHeaderBytes);
    }

    public UnpackLimits withMaxEntries(long v) {
        return new UnpackLimits(maxTotalBytes, v, maxPathLength, maxFileSize, maxHeaderBytes);
    }

    public UnpackLimits withMaxPathLength(int v) {
        return new UnpackLimits(maxTotalBytes, maxEntries, v, maxFileSize, maxHeaderBytes);
    }

    public UnpackLimits withMaxFileSize(long v) {
        return new UnpackLimits(maxTotalBytes, maxEntries, maxPathLength, v, maxHeaderBytes);
    }

    public UnpackLimits withMaxHeaderBytes(long v) {
        return new UnpackLimits(maxTotalBytes, maxEntries, maxPathLength, maxFileSize, v);
    }
}
