package dev.ociconv.converter.mirror;

/**
 * An image list that cannot be used: {@code FILE:LINE: what}. A usage error (exit 2), found before
 * anything is downloaded.
 */
public final class ImageListException extends IllegalArgumentException {
    public ImageListException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
