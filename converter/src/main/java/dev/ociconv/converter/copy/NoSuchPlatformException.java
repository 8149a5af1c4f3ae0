package dev.ociconv.converter.copy;

import java.io.IOException;

/**
 * The source holds no image for the platform asked for. Not a usage error (exit 1, like any
 * other fact about the input): the same for convert, copy, pull, unpack and export.
 */
public final class NoSuchPlatformException extends IOException {
    public NoSuchPlatformException(String message) {
        super(message);
    }
}
