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

/**
 * Finds the manifest for a platform in an index, through nested indexes. Attestation manifests
 * (BuildKit's {@code vnd.docker.reference.type}, platform {@code unknown/unknown}) are not
 * platforms: never matched, never listed.
 */
record PlatformMatch(ImageNode node, Descriptor descriptor) {

    /**
     * @param chosen whether the user named {@code wanted}; when not (it is this machine's), an index
     *               that holds one image only yields that image whatever its platform, as a
     *               single-platform image would (a BuildKit image with its attestation manifest)
     */
    static PlatformMatch find(ImageSource source, IndexNode index, Descriptor indexDescriptor, Platform wanted,
                              boolean chosen) throws IOException {
        List<String> seen = new ArrayList<>();
        PlatformMatch m = search(source, index, wanted, seen, 0);
        if (m == null && !chosen) {
            List<PlatformMatch> all = new ArrayList<>();
            collectImages(source, index, all, 0);
            if (all.size() == 1) {
                return all.get(0);
            }
        }
        if (m == null) {
            throw new NoSuchPlatformException(source.description() + ": no image for platform " + wanted + " in index "
                    + indexDescriptor.digest().shortHex() + " (it has: " + listed(seen) + "); choose one with --platform");
        }
        return m;
    }

    /**
     * The one check of a single-platform image against the platform asked for: another platform
     * is an error, never a silent copy of the wrong one (a containerd export lists 11 platforms but
     * holds one). An image whose config names no platform passes.
     */
    static void require(ImageSource source, ManifestNode image, Descriptor descriptor, PlatformChoice wanted)
            throws NoSuchPlatformException {
        var c = image.parsedConfig();
        if (c.os() != null && c.architecture() != null && !wanted.accepts(c.platform())) {
            throw new NoSuchPlatformException(source.description() + ": no image for platform " + wanted + ": image "
                    + descriptor.digest().shortHex() + " is " + c.platform() + " and the source holds no other platform of it");
        }
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

    /** True when the index (through nested ones) holds artifacts only, or nothing present. */
    static boolean holdsNoImage(ImageSource source, IndexNode index) throws IOException {
        List<PlatformMatch> all = new ArrayList<>();
        collectImages(source, index, all, 0);
        return all.isEmpty();
    }

    /** Every image the index holds (present ones; at most two are needed, so it stops there). */
    private static void collectImages(ImageSource source, IndexNode index, List<PlatformMatch> out, int depth)
            throws IOException {
        if (depth > dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH) {
            throw dev.ociconv.model.content.Limits.indexTooDeep(source.description());
        }
        for (Descriptor child : index.index().manifests()) {
            if (out.size() > 1 || child.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE) != null) {
                continue;
            }
            ImageNode n;
            try {
                n = source.resolve(child);
            } catch (BlobNotFoundException absent) {
                continue;
            }
            if (n instanceof IndexNode nested) {
                collectImages(source, nested, out, depth + 1);
            } else if (n instanceof ManifestNode image) {
                out.add(new PlatformMatch(image, child));
            }
        }
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
            if (child.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE) != null) {
                continue;
            }
            if (p != null) {
                seen.add(p.toString());
            }
            if (p != null && wanted.matches(p)) {
                try {
                    ImageNode n = source.resolve(child);
                    if (!(n instanceof IndexNode)) {
                        return new PlatformMatch(n, child); // an image, or an artifact that says it is one
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
