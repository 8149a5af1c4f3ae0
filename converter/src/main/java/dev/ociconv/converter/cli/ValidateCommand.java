package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.validate.SourceValidator;
import dev.ociconv.converter.validate.ValidationPrinter;
import dev.ociconv.converter.validate.ValidationReport;
import dev.ociconv.model.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate",
        header = "Check an archive against what docker load requires, or a layout against the image-spec.",
        description = {"Check a docker save archive against what docker load requires, or an OCI layout (directory or",
                "archive) against the image-spec. Lists every problem; exit 1 if there is any."},
        footer = {"",
                "Examples:",
                "  ociconv validate testimage.tar",
                "  ociconv validate --json testimage-oci"})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "Archive file (any compression) or layout directory; docker-archive:, docker25:, oci: and "
                    + "oci-archive: prefixes are accepted (the whole file is checked, whatever reference follows).")
    String source;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TransportRef ref = TransportRef.parse(source);
        if (ref.transport().isRemote() || ref.isStdin()) {
            throw new IllegalArgumentException("validate reads an archive file or a layout directory, not '" + source + "'");
        }
        ValidationReport report = SourceValidator.validate(Path.of(ref.location()));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            out.flush();
        } else {
            ValidationPrinter.print(report, out);
        }
        return report.valid() ? 0 : 1;
    }
}
