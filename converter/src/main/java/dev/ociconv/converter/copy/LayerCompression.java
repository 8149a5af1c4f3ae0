package dev.ociconv.converter.copy;

import dev.ociconv.model.media.Compression;

import java.util.Locale;
import java.util.Optional;

/** What the user asked for layers: keep them as they come, or store them with one compression. */
public enum LayerCompression {
    KEEP, NONE, GZIP, ZSTD;

    public static LayerCompression parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compression '" + text + "': expected none, gzip, zstd or keep");
        }
    }

    /** The compression this choice forces, or empty for KEEP. */
    public Optional<Compression> forced() {
        return switch (this) {
            case KEEP -> Optional.empty();
            case NONE -> Optional.of(Compression.NONE);
            case GZIP -> Optional.of(Compression.GZIP);
            case ZSTD -> Optional.of(Compression.ZSTD);
        };
    }
}
