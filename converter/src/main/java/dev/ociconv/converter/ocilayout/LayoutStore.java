package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.digest.Digest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The files of an OCI image layout, wherever they live (a directory, a tar read at random, a tar
 * read once and spooled). Paths are layout-relative with '/' separators ({@code index.json},
 * {@code blobs/sha256/…}); stores only hand out regular files inside the layout.
 */
interface LayoutStore extends Closeable {

    /** The size of a regular file, or empty when the layout does not hold it. */
    OptionalLong size(String path) throws IOException;

    /** Opens a regular file; {@link java.nio.file.NoSuchFileException} when absent. Safe from any thread. */
    InputStream open(String path) throws IOException;

    /** The layout-relative paths of the regular files it holds (those it would open). */
    java.util.Set<String> paths() throws IOException;

    /** {@code blobs/<algorithm>/<hex>}; the digest's strict grammar makes it a safe relative path. */
    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }
}
