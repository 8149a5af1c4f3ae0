package dev.ociconv.model.transport;

import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What refers to an image, recursively: its signatures, SBOMs and attestations, then what
 * refers to those (a signature of an SBOM). {@code ociconv referrers} prints it ({@code --json}:
 * these records); {@code copy --referrers} copies it, top down.
 *
 * @param source    the source as named
 * @param subject   the image's root descriptor
 * @param referrers what refers to it
 */
public record ReferrerTree(String source, Descriptor subject, List<Node> referrers) {
    public ReferrerTree {
        referrers = List.copyOf(referrers);
    }

    /** One referrer and what refers to it in turn. */
    public record Node(Descriptor descriptor, List<Node> referrers) {
        public Node {
            referrers = List.copyOf(referrers);
        }
    }

    /**
     * Walks the referrers of {@code subject} in {@code source} ({@link ImageSource#referrers}),
     * {@link Limits#MAX_INDEX_DEPTH} levels at most, each manifest once (a referrer cycle is not
     * followed twice). {@code artifactType}, when given, keeps only the image's own referrers of
     * that type; what refers to those is shown whole (the signature of an SBOM).
     */
    public static ReferrerTree of(ImageSource source, Descriptor subject, Optional<String> artifactType) throws IOException {
        Set<Digest> seen = new HashSet<>();
        seen.add(subject.digest());
        return new ReferrerTree(source.description(), subject, children(source, subject.digest(), artifactType, seen, 1));
    }

    private static List<Node> children(ImageSource source, Digest subject, Optional<String> artifactType, Set<Digest> seen,
                                       int depth) throws IOException {
        if (depth > Limits.MAX_INDEX_DEPTH) {
            throw new IOException(source.description() + ": referrers nested more than " + Limits.MAX_INDEX_DEPTH + " deep");
        }
        List<Node> out = new ArrayList<>();
        for (Descriptor d : source.referrers(subject)) {
            if (depth == 1 && artifactType.isPresent() && !artifactType.get().equals(d.artifactType())) {
                continue;
            }
            if (seen.add(d.digest())) {
                out.add(new Node(d, children(source, d.digest(), artifactType, seen, depth + 1)));
            }
        }
        return out;
    }

    /** Every referrer in the tree, depth first. */
    public List<Descriptor> all() {
        List<Descriptor> out = new ArrayList<>();
        collect(referrers, out);
        return out;
    }

    private static void collect(List<Node> nodes, List<Descriptor> out) {
        for (Node n : nodes) {
            out.add(n.descriptor());
            collect(n.referrers(), out);
        }
    }
}
