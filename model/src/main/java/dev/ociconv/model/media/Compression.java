package dev.ociconv.model.media;

/**
 * Stream compressions we recognise, always by magic bytes and never by file name.
 * Layers may be NONE, GZIP or ZSTD; whole archives may also be XZ or BZIP2.
 */
public enum Compression {
    NONE, GZIP, ZSTD, XZ, BZIP2;

    /** Bytes {@link #sniff} needs to decide. */
    public static final int SNIFF_LENGTH = 6;

    /** Identifies a compression from the first bytes of a stream (fewer bytes than needed mean NONE). */
    public static Compression sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z'
                && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        return NONE;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
