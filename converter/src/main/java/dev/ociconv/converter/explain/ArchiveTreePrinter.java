package dev.ociconv.converter.explain;

import dev.ociconv.converter.archive.TarEntry;

import dev.ociconv.converter.explain.ArchiveExplanation.ImageExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.LayerExplanation;
import dev.ociconv.converter.validate.ArchiveCatalog;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ociconv inspect --tree}: an archive's entries drawn as {@code tree(1)} draws a directory
 * (children sorted, directories with a trailing {@code /}, links with {@code -> target}), then for a
 * {@code docker save} archive each layer's v1 ID (computed, compared with its directory), diffID,
 * chain ID and the files it adds or removes.
 */
public final class ArchiveTreePrinter {
    private ArchiveTreePrinter() {
    }

    /** A node of the drawn tree. */
    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        ArchiveCatalog.Entry entry;
    }

    public static void print(Path source, int files, PrintWriter out) throws IOException {
        ArchiveCatalog catalog = ArchiveCatalog.read(source, Math.max(files, 0));
        Node root = new Node();
        for (ArchiveCatalog.Entry e : catalog.entries()) {
            Node n = root;
            for (String part : e.name().split("/")) {
                n = n.children.computeIfAbsent(part, k -> new Node());
            }
            n.entry = e;
        }
        out.println(source);
        int[] counts = new int[2];
        draw(root, "", out, counts);
        out.println();
        out.println(counts[0] + (counts[0] == 1 ? " directory, " : " directories, ") + counts[1]
                + (counts[1] == 1 ? " file" : " files"));
        if (catalog.resolve("manifest.json").isPresent()) {
            try {
                layers(ArchiveExplainer.explain(catalog), out);
            } catch (IOException e) {
                // the tree is what was asked for; a broken manifest.json only costs the layer details
                out.println();
                out.println("(no layer details: " + e.getMessage() + "; run ociconv validate)");
            }
        } else {
            blobs(catalog, out);
        }
        out.flush();
    }

    private static void draw(Node node, String indent, PrintWriter out, int[] counts) {
        List<Map.Entry<String, Node>> kids = new ArrayList<>(node.children.entrySet());
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            Node child = kids.get(i).getValue();
            ArchiveCatalog.Entry e = child.entry;
            boolean dir = !child.children.isEmpty() || (e != null && e.kind() == TarEntry.Kind.DIRECTORY);
            String label = kids.get(i).getKey();
            if (dir) {
                counts[0]++;
                label += "/";
            } else {
                counts[1]++;
            }
            if (e != null && e.kind() == TarEntry.Kind.SYMLINK) {
                label += " -> " + e.linkTarget();
            } else if (e != null && e.kind() == TarEntry.Kind.HARDLINK) {
                label += " => " + e.linkTarget() + "  (hard link)";
            }
            out.println(indent + (last ? "└── " : "├── ") + label);
            draw(child, indent + (last ? "    " : "│   "), out, counts);
        }
    }

    /** An OCI layout: the files of each blob that is a tar (its layers). */
    private static void blobs(ArchiveCatalog catalog, PrintWriter out) {
        for (ArchiveCatalog.Entry e : catalog.entries()) {
            if (e.name().startsWith("blobs/") && e.listing() != null && e.listing().total() > 0) {
                out.println();
                out.println("layer blob " + e.name().substring("blobs/".length()).replaceFirst("/", ":")
                        + (e.compression() == dev.ociconv.model.media.Compression.NONE ? ""
                        : "  (" + e.compression().displayName() + ")")
                        + "  diffID " + e.uncompressedDigest());
                ExplainPrinter.printListing(e.listing(), out, "  ");
            }
        }
    }

    private static void layers(ArchiveExplanation e, PrintWriter out) {
        for (ImageExplanation img : e.images()) {
            out.println();
            out.println("@" + img.position() + " " + (img.repoTags().isEmpty() ? "(untagged)" : String.join(", ", img.repoTags()))
                    + "  image ID " + img.imageId());
            for (LayerExplanation l : img.layers()) {
                out.println("  layer " + l.index() + (l.top() ? " (top)" : "") + "  " + l.path());
                out.println("    v1 ID     " + l.v1Id().hex() + switch (l.verdict()) {
                    case MATCHES, MATCHES_DOCKER25 -> "  ✓ = its directory";
                    case DIFFERS -> "  ✗ directory is " + l.directory();
                    case NOT_V1_NAMED -> "  (not used: layer not in a v1 directory)";
                });
                out.println("    diffID    " + l.diffId() + (l.actualDiffId() == null ? "  (absent)"
                        : l.actualDiffId().equals(l.diffId()) ? "" : "  ✗ stored layer hashes to " + l.actualDiffId()));
                out.println("    chain ID  " + l.chainId());
                ExplainPrinter.printListing(l.listing(), out, "    ");
            }
        }
    }
}
