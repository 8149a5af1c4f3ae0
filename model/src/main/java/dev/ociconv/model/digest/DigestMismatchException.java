package dev.ociconv.model.digest;

import java.io.IOException;

/**
 * Content whose digest or size differs from what its descriptor promised. An {@link IOException}
 * so it crosses any stream boundary unchanged.
 */
public class DigestMismatchException extends IOException {
    public DigestMismatchException(String message) {
        super(message);
    }
}
