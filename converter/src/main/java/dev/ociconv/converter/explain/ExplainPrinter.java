package dev.ociconv.converter.explain;

import dev.ociconv.converter.explain.ArchiveExplanation.ImageExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.LayerExplanation;
import dev.ociconv.converter.validate.ArchiveCatalog;

import java.io.PrintWriter;

/** {@code ociconv explain}'s text form. */
public final class ExplainPrinter {
    private ExplainPrinter() {
    }

    public static void print(ArchiveExplanation e, PrintWriter out) {
        out.println(e.source() + ": " + e.images().size() + (e.images().size() == 1 ? " image" : " images")
                + "  (daemon time zone " + e.zone() + ", as the lower layers' json files show; Z when none do)");
        for (ImageExplanation img : e.images()) {
            out.println();
            out.println("@" + img.position() + " " + (img.repoTags().isEmpty() ? "(untagged)" : String.join(", ", img.repoTags()))
                    + "   config " + img.config() + "   image ID " + img.imageId());
            for (LayerExplanation l : img.layers()) {
                printLayer(l, out);
            }
        }
        out.flush();
    }

    private static void printLayer(LayerExplanation l, PrintWriter out) {
        out.println();
        out.println("  layer " + l.index() + (l.top() ? " (top)" : " (lower)") + "   " + l.path());
        String stored = l.actualDiffId() == null ? "  (layer not in the archive)"
                : l.actualDiffId().equals(l.diffId()) ? "  ✓ sha256 of the layer as stored"
                : "  ✗ the layer as stored hashes to " + l.actualDiffId();
        out.println("    1. diffID     " + l.diffId() + stored);
        if (l.chainInput() == null) {
            out.println("    2. chain ID   = diffID (bottom layer: ChainID(L0) = DiffID(L0))");
        } else {
            out.println("    2. chain ID   sha256(ChainID(L" + (l.index() - 1) + ") + \" \" + DiffID(L" + l.index() + "))");
            out.println("                 = sha256(\"" + l.chainInput() + "\")");
            out.println("                 = " + l.chainId());
        }
        out.println("    3. v1 JSON    " + (l.top()
                ? "top layer: Docker's V1Image decoded from the image config, plus layer_id"
                : "lower layer: only created (the Unix epoch in the daemon's zone) and an empty container_config, "
                + "plus layer_id")
                + (l.index() > 0 ? " and parent (the v1 ID below)" : ""));
        out.println("       " + l.v1Input());
        out.println("    4. v1 ID      sha256(v1 JSON) = " + l.v1Id().hex());
        switch (l.verdict()) {
            case MATCHES -> out.println("       ✓ matches the directory name in the archive");
            case MATCHES_DOCKER25 -> out.println("       ✓ matches the directory name (config decoded as Docker 25+ does)");
            case DIFFERS -> out.println("       ✗ differs from the directory " + l.directory() + ": " + l.reason());
            case NOT_V1_NAMED -> out.println("       - " + l.reason());
        }
        if (l.jsonFile() != null) {
            out.println("    5. " + l.directory().substring(0, 12) + "…/json  the v1 JSON as docker save writes it: with id, "
                    + (l.index() > 0 ? "parent (bare hex), " : "") + "os; without layer_id");
            out.println("       " + l.jsonFile());
            out.println(l.jsonFileSame() == null ? "       (no json file in that directory)"
                    : l.jsonFileSame() ? "       ✓ byte for byte the archive's json"
                    : "       ✗ the archive's json has other bytes");
        }
        printListing(l.listing(), out, "    ");
    }

    /** The changes a layer makes, capped; shared with {@code inspect --tree}. */
    public static void printListing(ArchiveCatalog.LayerListing listing, PrintWriter out, String indent) {
        if (listing == null) {
            return;
        }
        out.println(indent + "files (" + listing.total() + (listing.total() == 1 ? " entry)" : " entries)"));
        listing.changes().forEach(c -> out.println(indent + "  " + c));
        if (listing.total() > listing.changes().size()) {
            out.println(indent + "  … and " + (listing.total() - listing.changes().size()) + " more");
        }
    }

    public static void print(LayerComparison c, PrintWriter out) {
        out.println("A: " + c.a().source() + " (" + images(c.a()) + ")");
        out.println("B: " + c.b().source() + " (" + images(c.b()) + ")");
        out.println(c.pairs().size() + " layer(s) with the same content (diffID) in both; " + c.renamed()
                + " of them under different directory names");
        for (LayerComparison.SameContent p : c.pairs()) {
            out.println();
            out.println("diffID " + p.diffId());
            out.println("  A " + p.imageA() + "  layer " + p.layerA().index() + (p.layerA().top() ? " (top)" : " (lower)")
                    + "  " + name(p.layerA()) + mark(p.layerA()));
            out.println("  B " + p.imageB() + "  layer " + p.layerB().index() + (p.layerB().top() ? " (top)" : " (lower)")
                    + "  " + name(p.layerB()) + mark(p.layerB()));
            if (p.sameName()) {
                out.println("  same name: same position, same layers below, same v1 JSON");
                continue;
            }
            out.println("  why the names differ:");
            p.reasons().forEach(r -> out.println("    - " + r));
            out.println("  v1 JSON hashed (- only in A, + only in B):");
            p.jsonDiff().forEach(line -> out.println("    " + line));
        }
        out.flush();
    }

    private static String images(ArchiveExplanation e) {
        return e.images().size() + (e.images().size() == 1 ? " image" : " images");
    }

    private static String name(LayerExplanation l) {
        return l.directory() != null ? l.directory() + "/" : l.path();
    }

    private static String mark(LayerExplanation l) {
        return switch (l.verdict()) {
            case MATCHES, MATCHES_DOCKER25 -> "  ✓ = sha256 of its v1 JSON";
            case DIFFERS -> "  ✗ not sha256 of its v1 JSON (" + l.v1Id().shortHex() + ")";
            case NOT_V1_NAMED -> "";
        };
    }
}
