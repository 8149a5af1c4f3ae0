package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ociconv.converter.explain.ArchiveExplainer;
import dev.ociconv.converter.explain.ArchiveExplanation;
import dev.ociconv.converter.explain.ExplainPrinter;
import dev.ociconv.converter.explain.LayerComparison;
import dev.ociconv.converter.transport.DockerArchiveTransport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.model.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "explain",
        header = "Explain why each layer directory of a docker save archive is named as it is.",
        description = {"Explain, step by step, why each layer directory of a docker save archive is named as it is:",
                "diffID, chain ID, the v1 JSON Docker hashes, and its sha256. With two archives: which layers",
                "have the same content under different names, and why."},
        footer = {"",
                "Examples:",
                "  ociconv explain testimage-v1.tar",
                "  ociconv explain testimage-v1.tar testimage-v2.tar",
                "  ociconv explain --json testimage-v1.tar testimage-v2.tar"})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "A docker save archive (any compression).")
    String first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OTHER", description = "A second archive to compare with.")
    String second;

    @Option(names = "--files", paramLabel = "N", defaultValue = "-1",
            description = "Also list up to N files each layer adds or removes.")
    int files;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A file, also written as {@code docker-archive:FILE[:ref]} or {@code docker25:FILE}. */
    private static Path path(String arg) {
        TransportRef ref = TransportRef.parse(arg);
        if (!ref.isPath() && !(ref.transport() instanceof DockerArchiveTransport) || ref.isStdin()) {
            throw new IllegalArgumentException("explain reads docker save archive files, not '" + arg + "'");
        }
        return Path.of(ref.location());
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        ArchiveExplanation a = ArchiveExplainer.explain(path(first), files);
        Object result = a;
        if (second != null) {
            LayerComparison c = LayerComparison.compare(a, ArchiveExplainer.explain(path(second), files));
            result = c;
            if (!json) {
                ExplainPrinter.print(c, out);
            }
        } else if (!json) {
            ExplainPrinter.print(a, out);
        }
        if (json) {
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            out.flush();
        }
        return 0;
    }
}
