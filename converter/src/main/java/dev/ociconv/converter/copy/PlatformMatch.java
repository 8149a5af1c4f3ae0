package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.ManifestNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Finds the manifest for a platform in an index, through nested indexes. */
record PlatformMatch(ManifestNode node, Descriptor descriptor) {

    static PlatformMatch find(ImageSource source, IndexNode index, Descriptor indexDescriptor, Platform wanted)
            throws IOException {
        List<String> seen = new ArrayList<>();
        PlatformMatch m = search(source, index, wanted, seen, 0);
        if (m == null) {
            throw new IOException(source.description() + ": no image for platform " + wanted + " in index "
                    + indexDescriptor.digest().shortHex() + " (it has: " + listed(seen) + "); choose one with --platform");
        }
        return m;
    }

    /** The distinct platforms, the first ten of them: an error line stays short whatever the index holds. */
    static String listed(List<String> seen) {
        List<String> distinct = seen.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return "none";
        }
        int shown = Math.min(10, distinct.size());
        return String.join(", ", distinct.subList(0, shown))
                + (distinct.size() > shown ? String.format(java.util.Locale.ROOT, " and %,d more", distinct.size() - shown) : "");
    }

    private static PlatformMatch search(ImageSource source, IndexNode index, Platform wanted, List<String> seen, int depth)
            throws IOException {
        if (depth > dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH) {
            throw dev.ociconv.model.content.Limits.indexTooDeep(source.description());
        }
        for (Descriptor child : index.index().manifests()) {
            if (child.mediaType().isIndex()) {
                ImageNode nested = source.resolve(child);
                if (nested instanceof IndexNode ni) {
                    PlatformMatch m = search(source, ni, wanted, seen, depth + 1);
                    if (m != null) {
                        return m;
                    }
                }
                continue;
            }
            Platform p = child.platform();
            if (p != null) {
                seen.add(p.toString());
            }
            if (p != null && wanted.matches(p)) {
                try {
                    ImageNode n = source.resolve(child);
                    if (n instanceof ManifestNode mn) {
                        return new PlatformMatch(mn, child);
                    }
                } catch (BlobNotFoundException e) {
                    throw new IOException(source.description() + ": the image for platform " + p
                            + " is listed in the index but not present (" + e.getMessage() + ")", e);
                }
            }
        }
        return null;
    }
}
