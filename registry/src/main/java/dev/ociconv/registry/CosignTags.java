package dev.ociconv.registry;

import dev.ociconv.model.digest.Digest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * cosign's tag conventions, from before OCI 1.1 referrers (and still its default): an image's
 * signature, attestations and SBOM are stored as ordinary images tagged
 * {@code sha256-<hex>.sig}, {@code .att} and {@code .sbom} in the image's repository, where
 * {@code <hex>} is the signed manifest's digest. They name no subject, so only the tag links them.
 */
public final class CosignTags {
    public static final List<String> SUFFIXES = List.of(".sig", ".att", ".sbom");

    private CosignTags() {
    }

    /** The three tags cosign would use for {@code digest}. */
    public static List<String> of(Digest digest) {
        List<String> out = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            out.add(digest.algorithm() + "-" + digest.hex() + suffix);
        }
        return out;
    }

    /** Those of {@code digest}'s cosign tags that {@code tags} (a repository's tag list) holds, in suffix order. */
    public static List<String> present(Collection<String> tags, Digest digest) {
        List<String> out = new ArrayList<>();
        for (String t : of(digest)) {
            if (tags.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** True when {@code tag} looks like one of cosign's ({@code sha256-<64 hex>.sig|.att|.sbom}). */
    public static boolean isCosignTag(String tag) {
        return tag.matches("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");
    }
}
