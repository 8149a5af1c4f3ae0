package dev.ociconv.converter.inspect;

import java.io.PrintWriter;

/** {@code ociconv inspect}'s human-readable form. */
public final class InspectPrinter {
    private InspectPrinter() {
    }

    public static void print(InspectReport r, PrintWriter out) {
        out.println(r.source() + ": " + r.images().size() + (r.images().size() == 1 ? " image" : " images"));
        for (InspectReport.ImageInfo img : r.images()) {
            out.println();
            out.println("@" + img.position() + "  " + (img.names().isEmpty() ? "(untagged)" : String.join(", ", img.names())));
            if (img.mediaType().contains("index") || img.mediaType().contains("list")) {
                out.println("  index       " + img.digest() + "  " + img.mediaType());
            }
            for (InspectReport.PlatformImage p : img.platforms()) {
                out.println("  platform    " + (p.platform() == null ? "(not stated)" : p.platform()));
                if (p.missing() != null) {
                    out.println("  manifest    " + p.manifestDigest() + "  (" + p.missing() + ")");
                    continue;
                }
                out.println("  manifest    " + (p.manifestDigest() == null
                        ? "(none in the source: authored when copied)" : p.manifestDigest() + "  " + p.manifestMediaType()));
                out.println("  image ID    " + p.configDigest() + "  (config digest)");
                if (p.created() != null) {
                    out.println("  created     " + p.created());
                }
                out.println("  layers      " + p.layers().size());
                int i = 1;
                for (InspectReport.LayerInfo l : p.layers()) {
                    out.printf("    %2d  diffID %s%n", i++, l.diffId());
                    String digest = l.digest() == null ? "(known once read)"
                            : l.digest().equals(l.diffId()) ? l.digest() + " (= diffID)" : l.digest().toString();
                    out.println("        digest " + digest);
                    out.println("        size   " + (l.size() < 0 ? "?" : l.size()) + "  " + l.mediaType()
                            + (l.present() ? "" : "  (not in the source)"));
                    if (!l.urls().isEmpty()) {
                        out.println("        urls   " + String.join(" ", l.urls()));
                    }
                }
            }
            printArtifacts(img, out);
            if (img.referrers() != null) {
                out.println("  referrers   " + (img.referrers().isEmpty() ? "none" : img.referrers().size()));
                for (var d : img.referrers()) {
                    out.println("    " + d.digest() + "  " + (d.artifactType() == null ? "(no artifactType)" : d.artifactType()));
                }
            }
        }
        out.flush();
    }

    private static void printArtifacts(InspectReport.ImageInfo img, PrintWriter out) {
        for (InspectReport.ArtifactInfo a : img.artifacts()) {
            String about = a.refersTo() == null ? "" : "  refers to " + a.refersTo().shortHex();
            out.println("  artifact    " + a.digest() + "  " + (a.kind() != null ? a.kind() + ", " : "")
                    + a.artifactType() + about);
        }
    }
}
