package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ociconv.converter.Ociconv;
import dev.ociconv.model.transport.ReferrerTree;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.spec.Descriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "referrers",
        description = "Show what refers to an image (signatures, SBOMs, attestations, and what refers to those), "
                + "from a registry's referrers API (or its sha256-<hex> fallback tag), an OCI layout or archive.",
        footer = {"", "Examples:",
                "  ociconv referrers docker://localhost:5000/team/app:1",
                "  ociconv referrers --type application/vnd.dev.sigstore.bundle.v0.3+json docker://localhost:5000/team/app:1",
                "  ociconv referrers --json oci:layout:foobar"})
final class ReferrersCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image: a transport string or path (its reference names one image of several).")
    String source;

    @Option(names = "--type", paramLabel = "ARTIFACT_TYPE", description = "Only the image's referrers of this artifactType (what refers to them is shown whole).")
    String type;

    @Option(names = "--json", description = "Print JSON instead of a tree.")
    boolean json;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReferrerTree tree = Ociconv.referrers(source, Optional.ofNullable(type), registry.context());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
        } else {
            out.println(tree.source() + "  " + tree.subject().digest());
            print(tree.referrers(), "", out);
            if (tree.referrers().isEmpty()) {
                out.println("  (no referrers)");
            }
        }
        out.flush();
        return 0;
    }

    private static void print(List<ReferrerTree.Node> nodes, String indent, PrintWriter out) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean last = i == nodes.size() - 1;
            Descriptor d = nodes.get(i).descriptor();
            out.println(indent + (last ? "└── " : "├── ") + (d.artifactType() == null ? "(no artifactType)" : d.artifactType())
                    + "  " + d.digest() + "  " + d.size() + " B" + annotations(d.annotations()));
            print(nodes.get(i).referrers(), indent + (last ? "    " : "│   "), out);
        }
    }

    private static String annotations(Map<String, String> a) {
        if (a.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("  {");
        a.forEach((k, v) -> b.append(b.length() > 3 ? ", " : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }
}
