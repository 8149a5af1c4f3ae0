package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.inspect.InspectPrinter;
import dev.ociconv.converter.inspect.InspectReport;
import dev.ociconv.model.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "inspect",
        header = "Show the images of a source: names, platforms, image ID, and per layer diffID, digest, size.",
        description = "Show the images of an archive, layout or registry: names, platforms, image ID, and per layer diffID, digest, size and media type.",
        footer = {"",
                "Examples:",
                "  ociconv inspect testimage.tar",
                "  ociconv inspect --json oci:testimage-oci",
                "  ociconv inspect --raw docker://localhost:5000/testuser/testimage:v2    # the manifest's bytes",
                "  ociconv inspect --config testimage.tar                                   # the config's bytes",
                "  ociconv inspect --format '{{.Digest}} {{.Architecture}}' docker://localhost:5000/testuser/testimage:v2",
                "  ociconv inspect --tree --files 5 testimage.tar",
                "  ociconv inspect --referrers oci:layout                                   # and what refers to each image",
                "  ociconv inspect docker://localhost:5000/testuser/testimage:v2"})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Transport string or path.")
    String source;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--tree", description = "For an archive file or layout directory: its entries as tree(1) draws them, "
            + "then per layer the v1 ID, diffID, chain ID and the files it adds or removes.")
    boolean tree;

    @Option(names = "--files", paramLabel = "N", defaultValue = "20",
            description = "With --tree: list at most N files per layer (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = {"--format", "-f"}, paramLabel = "TEMPLATE",
            description = "Print each image through a Go-template subset (as skopeo inspect --format): {{.Digest}}, "
                    + "{{.Architecture}}, {{json .Labels}}, {{index .Labels \"k\"}}, {{join .Layers \",\"}}, {{len .Layers}}; "
                    + "skopeo's field names and those of --json.")
    String format;

    @Option(names = "--raw", description = "Print the image's manifest or index exactly as the source stores it (as skopeo).")
    boolean raw;

    @Option(names = "--config", description = "Print the image's config exactly as the source stores it (as skopeo).")
    boolean config;

    @Option(names = "--referrers", description = "Also list what refers to each image (signatures, SBOMs, attestations); "
            + "for a registry one more request per image. 'ociconv referrers' shows the whole tree.")
    boolean referrers;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @picocli.CommandLine.Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (tree) {
            dev.ociconv.converter.explain.ArchiveTreePrinter.print(java.nio.file.Path.of(source), files,
                    spec.commandLine().getOut());
            return 0;
        }
        if (raw || config) {
            if (raw && config || json || tree) {
                throw new IllegalArgumentException("--raw and --config print one document each, alone");
            }
            byte[] bytes = Ociconv.rawDocument(source, config, registry.context());
            java.io.OutputStream data = StandardOutput.data();
            data.write(bytes); // no newline added: '| sha256sum' gives the digest
            data.flush();
            return 0;
        }
        InspectReport report = Ociconv.inspect(source, referrers, registry.context());
        var out = spec.commandLine().getOut();
        if (format != null) {
            if (json || tree) {
                throw new IllegalArgumentException("--format prints its own text; not with --json or --tree");
            }
            // the config (labels, env, …) is one more read, made only when the template asks for it
            boolean needsConfig = format.matches("(?s).*\\.(Labels|Env|Cmd|Entrypoint|User|WorkingDir)\\b.*");
            for (InspectReport.ImageInfo image : report.images()) {
                java.util.Optional<com.fasterxml.jackson.databind.JsonNode> cfg = java.util.Optional.empty();
                if (needsConfig && report.images().size() == 1 && image.platforms().size() == 1) {
                    cfg = java.util.Optional.of(Json.parseTree(Ociconv.rawDocument(source, true, registry.context()), source + ": config"));
                }
                out.println(GoTemplate.render(format, InspectFields.of(image, cfg)));
            }
            out.flush();
            return 0;
        }
        if (json) {
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            out.flush();
        } else {
            InspectPrinter.print(report, out);
        }
        return 0;
    }
}
