package dev.ociconv.converter.archive;

import dev.ociconv.model.content.Limits;

/**
 * How a tar is read. A strict reader (a source) fails on the first entry it cannot take: too many
 * entries, an overlong name, a sparse file, a name given twice. A reporting reader
 * ({@code validate}, {@code explain}) records those and goes on, so it can say everything that
 * is wrong at once. Links are followed inside the archive (docker archives: Docker itself writes
 * symlinked layers) or refused (OCI layouts: the image-layout spec has no links).
 *
 * @param maxEntries       tar entries read, of any kind
 * @param maxPathLength    characters in one entry name
 * @param maxUnpackedBytes data bytes a one-pass reader may spool (a compression bomb must not fill the disk)
 * @param strict           fail rather than record
 * @param followLinks      follow links inside the archive, else a link is an error where a file is wanted
 */
public record TarPolicy(long maxEntries, int maxPathLength, long maxUnpackedBytes, boolean strict, boolean followLinks) {

    /** Linux's PATH_MAX: a longer entry name cannot be extracted anywhere. */
    public static final int PATH_MAX = 4096;

    public TarPolicy {
        if (maxEntries <= 0 || maxPathLength <= 0 || maxUnpackedBytes <= 0) {
            throw new IllegalArgumentException("tar limits must be positive");
        }
    }

    /** A source's reading: fails at the first entry it cannot take. */
    public static TarPolicy strict(Limits limits, boolean followLinks) {
        return new TarPolicy(limits.maxEntries(), limits.maxPathLength(), limits.maxUnpackedBytes(), true, followLinks);
    }

    /** A checker's reading: records what a source would refuse; links followed, so it can say where they lead. */
    public static TarPolicy reporting() {
        return new TarPolicy(Long.MAX_VALUE, PATH_MAX, Long.MAX_VALUE, false, true);
    }
}
