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

    /**
     * Fails when {@code rawName} names (after normalisation: {@code ./a}, {@code a}, {@code a/} are
     * one name) an entry seen before. Tar allows several entries of one name, and readers disagree
     * on which counts (skopeo takes the first, {@code docker load} the last), so such an archive
     * could show a scanner one image and a loader another.
     */
    static void checkUnique(java.util.Set<String> seen, String rawName, String archive) throws IOException {
        String n = dev.ociconv.converter.io.EntryNames.normalise(rawName);
        if (n != null && !seen.add(n)) {
            throw dev.ociconv.converter.io.EntryNames.duplicate(archive, n);
        }
    }

    /**
     * The layout-relative form of a tar entry name ({@code ./blobs/x} → {@code blobs/x}), or
     * {@code null} for names that could never be a layout file (absolute, {@code ..}, empty).
     */
    static String normalizeEntryName(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.startsWith("/")) {
            return null;
        }
        for (String part : n.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
        }
        return n;
    }
}
