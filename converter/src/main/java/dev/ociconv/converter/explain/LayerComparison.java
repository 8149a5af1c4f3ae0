package dev.ociconv.converter.explain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ociconv.converter.explain.ArchiveExplanation.ImageExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.LayerExplanation;
import dev.ociconv.model.digest.Digest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ociconv explain A.tar B.tar}: the layers the two archives have in common (same diffID,
 * i.e. the same bytes) and, where their directories are named differently, why.
 *
 * @param a     the first archive explained
 * @param b     the second
 * @param pairs one per distinct (directory in A, directory in B) of the same content
 */
public record LayerComparison(ArchiveExplanation a, ArchiveExplanation b, List<SameContent> pairs) {
    public LayerComparison {
        pairs = List.copyOf(pairs);
    }

    /**
     * One layer content found in both archives.
     *
     * @param reasons  why the names differ (empty when they are the same)
     * @param jsonDiff the two v1 JSONs one member per line, {@code "  "} same, {@code "- "} only A, {@code "+ "} only B
     */
    @JsonPropertyOrder({"diffId", "imageA", "layerA", "imageB", "layerB", "sameName", "reasons", "jsonDiff"})
    public record SameContent(Digest diffId, String imageA, LayerExplanation layerA, String imageB,
                              LayerExplanation layerB, boolean sameName, List<String> reasons, List<String> jsonDiff) {
        public SameContent {
            reasons = List.copyOf(reasons);
            jsonDiff = List.copyOf(jsonDiff);
        }
    }

    public static LayerComparison compare(ArchiveExplanation a, ArchiveExplanation b) {
        List<SameContent> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImageExplanation ia : a.images()) {
            for (LayerExplanation la : ia.layers()) {
                for (ImageExplanation ib : b.images()) {
                    for (LayerExplanation lb : ib.layers()) {
                        if (la.diffId().equals(lb.diffId()) && seen.add(la.path() + "\n" + lb.path())) {
                            pairs.add(pair(ia, la, ib, lb, a.zone(), b.zone()));
                        }
                    }
                }
            }
        }
        return new LayerComparison(a, b, pairs);
    }

    private static SameContent pair(ImageExplanation ia, LayerExplanation la, ImageExplanation ib, LayerExplanation lb,
                                    String zoneA, String zoneB) {
        String nameA = la.directory() != null ? la.directory() : la.path();
        String nameB = lb.directory() != null ? lb.directory() : lb.path();
        boolean same = nameA.equals(nameB);
        List<String> reasons = new ArrayList<>();
        if (!same) {
            if (la.top() != lb.top()) {
                LayerExplanation topOne = la.top() ? la : lb;
                String topImage = la.top() ? ia.label() : ib.label();
                String lowImage = la.top() ? ib.label() : ia.label();
                reasons.add("position: it is the top layer of " + topImage + " (layer " + topOne.index()
                        + "), so Docker builds its v1 JSON from that image's config (created, config, architecture, "
                        + "os…); in " + lowImage + " it is a lower layer, whose v1 JSON holds only created = the "
                        + "Unix epoch (and an empty container_config)");
            }
            if (!la.chainId().equals(lb.chainId())) {
                reasons.add("layers below differ: ChainID " + la.chainId().shortHex() + " vs " + lb.chainId().shortHex()
                        + " (the ChainID covers every layer beneath), so layer_id and the parent v1 ID differ");
            } else if (la.index() > 0 && !parentOf(la).equals(parentOf(lb))) {
                reasons.add("same layers below, but their v1 IDs differ, and the parent ID is part of this JSON");
            }
            if (!zoneA.equals(zoneB) && (!la.top() || !lb.top() || la.index() > 0)) {
                reasons.add("the saving daemons' time zones differ (" + zoneA + " vs " + zoneB + "): every lower "
                        + "layer's created is the Unix epoch written in local time, so lower v1 IDs (and the parents "
                        + "above them) differ");
            }
            if (la.top() && lb.top() && !ia.config().equals(ib.config())) {
                reasons.add("both are top layers but the image configs differ (" + ia.imageId().shortHex() + " vs "
                        + ib.imageId().shortHex() + "): their v1 JSONs carry the config's fields");
            }
            if (la.verdict() == ArchiveExplanation.Verdict.DIFFERS || lb.verdict() == ArchiveExplanation.Verdict.DIFFERS) {
                reasons.add("at least one archive does not use Docker's v1 IDs (see the ✗ lines above)");
            }
            if (la.directory() == null || lb.directory() == null) {
                reasons.add("at least one archive does not name layers by v1 ID");
            }
            if (reasons.isEmpty()) {
                reasons.add("same position and chain, but the v1 JSONs differ (see the diff)");
            }
        }
        return new SameContent(la.diffId(), ia.label(), la, ib.label(), lb, same, reasons,
                same ? List.of() : JsonLineDiff.diff(la.v1Input(), lb.v1Input()));
    }

    private static String parentOf(LayerExplanation l) {
        int i = l.v1Input().indexOf("\"parent\":\"");
        return i < 0 ? "" : l.v1Input().substring(i, l.v1Input().indexOf('"', i + 10 + 1));
    }

    /** Count of same-content layers whose directory names differ. */
    public long renamed() {
        return pairs.stream().filter(p -> !p.sameName()).count();
    }
}
