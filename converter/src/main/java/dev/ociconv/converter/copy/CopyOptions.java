package dev.ociconv.converter.copy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to copy and how.
 *
 * @param image            which top-level image of the source: empty for all, {@code @N}, or a name
 * @param destinationNames names to give the copied image instead of the source's (one image only)
 * @param compression      layer compression policy
 * @param platforms        how indexes are handled
 * @param jobs             layers transferred at once
 * @param annotations      extra annotations on manifests ociconv authors
 * @param listener         progress
 * @param verifyDiffIds    also decompress layers that are copied compressed as they are, to check their
 *                         diffIDs; without it their blob digest is verified (as skopeo and crane do), and
 *                         diffIDs are checked wherever a layer is decompressed anyway (to a docker save
 *                         archive, or re-compressed) or its compressed digest is not known beforehand
 * @param tagNames         destination names that are a bare tag ({@code v1}) name that tag of the source
 *                         image's repository ({@code oci:DIR:v1} of {@code testuser/testimage:v1} keeps
 *                         the full name, as containerd writes it); set for OCI layouts, whose reference is a tag
 * @param referrers        also copy what refers to each image copied (signatures, SBOMs, attestations), recursively,
 *                         when the destination keeps the image's digest; empty: not asked
 * @param preserveDigests  fail rather than give an image a digest other than its source's (skopeo's
 *                         {@code --preserve-digests}): no layer recompressed, no manifest converted or authored
 * @param compressionLevel the level of layers this copy compresses ({@code --dest-compress-level}); empty: ours
 * @param foreignLayers    how the bytes of a non-distributable layer the source does not hold are fetched
 *                         ({@code --allow-nondistributable-artifacts}); empty: never (kept as a reference where the
 *                         destination allows one, refused by name where it cannot be complete without them)
 */
public record CopyOptions(
        Optional<String> image,
        List<String> destinationNames,
        LayerCompression compression,
        PlatformChoice platforms,
        int jobs,
        Map<String, String> annotations,
        CopyListener listener,
        boolean verifyDiffIds,
        boolean tagNames,
        Optional<ReferrerFilter> referrers,
        boolean preserveDigests,
        Optional<ForeignLayerFetcher> foreignLayers,
        java.util.OptionalInt compressionLevel) {

    public CopyOptions {
        Objects.requireNonNull(image);
        destinationNames = destinationNames == null ? List.of() : List.copyOf(destinationNames);
        Objects.requireNonNull(compression);
        Objects.requireNonNull(platforms);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        listener = listener == null ? CopyListener.NONE : listener;
        referrers = referrers == null ? Optional.empty() : referrers;
        foreignLayers = foreignLayers == null ? Optional.empty() : foreignLayers;
        compressionLevel = compressionLevel == null ? java.util.OptionalInt.empty() : compressionLevel;
    }

    public static CopyOptions defaults() {
        return new CopyOptions(Optional.empty(), List.of(), LayerCompression.KEEP, PlatformChoice.AUTO, 3, Map.of(), null, false,
                false, Optional.empty(), false, Optional.empty(), java.util.OptionalInt.empty());
    }

    public CopyOptions withImage(String selector) {
        return new CopyOptions(Optional.ofNullable(selector), destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withDestinationNames(List<String> names) {
        return new CopyOptions(image, names, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withCompression(LayerCompression c) {
        return new CopyOptions(image, destinationNames, c, platforms, jobs, annotations, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withPlatforms(PlatformChoice p) {
        return new CopyOptions(image, destinationNames, compression, p, jobs, annotations, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withJobs(int n) {
        return new CopyOptions(image, destinationNames, compression, platforms, n, annotations, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withListener(CopyListener l) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, l, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withAnnotations(Map<String, String> a) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, a, listener, verifyDiffIds, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withTagNames(boolean tags) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tags, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    public CopyOptions withVerifyDiffIds(boolean verify) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verify, tagNames, referrers, preserveDigests, foreignLayers, compressionLevel);
    }

    /** Also copy the images' referrers (see {@link #referrers}); {@code artifactType} empty for every type; any failure fails the copy. */
    public CopyOptions withReferrers(Optional<String> artifactType) {
        return withReferrers(artifactType, false);
    }

    /** As {@link #withReferrers(Optional)}; {@code bestEffort}: a referrer that cannot be copied is skipped with one line. */
    public CopyOptions withReferrers(Optional<String> artifactType, boolean bestEffort) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames,
                Optional.of(new ReferrerFilter(artifactType, bestEffort)), preserveDigests, foreignLayers, compressionLevel);
    }

    /** Fail rather than change an image's digest ({@code --preserve-digests}). */
    public CopyOptions withPreserveDigests(boolean preserve) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames,
                referrers, preserve, foreignLayers, compressionLevel);
    }

    /** Fetch non-distributable layers the source lacks with {@code fetcher} ({@code --allow-nondistributable-artifacts}). */
    public CopyOptions withForeignLayers(ForeignLayerFetcher fetcher) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames,
                referrers, preserveDigests, Optional.of(fetcher), compressionLevel);
    }

    /** The bytes of a non-distributable layer, from wherever its descriptor says (its urls); verified by digest as they stream. */
    @FunctionalInterface
    public interface ForeignLayerFetcher {
        java.io.InputStream open(dev.ociconv.model.transport.LayerRef layer) throws java.io.IOException;
    }

    /** Compress layers at {@code level} ({@code --dest-compress-level}). */
    public CopyOptions withCompressionLevel(int level) {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames,
                referrers, preserveDigests, foreignLayers, java.util.OptionalInt.of(level));
    }

    /** Without copying referrers. */
    public CopyOptions withoutReferrers() {
        return new CopyOptions(image, destinationNames, compression, platforms, jobs, annotations, listener, verifyDiffIds, tagNames,
                Optional.empty(), preserveDigests, foreignLayers, compressionLevel);
    }

    /**
     * Which of an image's own referrers to copy: those of one artifactType, or (empty) all; and
     * whether one that cannot be read or is not what it is listed as fails the copy (the default)
     * or is skipped with one line ({@code --referrers=best-effort}).
     */
    public record ReferrerFilter(Optional<String> artifactType, boolean bestEffort) {
        public ReferrerFilter {
            java.util.Objects.requireNonNull(artifactType);
        }
    }
}
