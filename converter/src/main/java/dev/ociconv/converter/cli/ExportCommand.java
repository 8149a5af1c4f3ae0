package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.SingleImage;
import dev.ociconv.converter.fs.Exporter;
import dev.ociconv.converter.fs.UnpackReport;
import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export",
        header = "Write an image's merged root filesystem as one reproducible tar.",
        description = {"Write an image's merged root filesystem as one tar (like crane export):",
                "whiteouts applied, entries sorted, numeric owners, the layers' mtimes: the same image gives the same bytes."},
        footer = {"",
                "Examples:",
                "  ociconv export testimage2.tar rootfs.tar",
                "  ociconv export --platform linux/amd64 docker://localhost:5000/app:1 - | tar -t"})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Archive, layout, registry or transport string.")
    String source;

    @Parameters(index = "1", paramLabel = "OUT", description = "Tar file to write, or - for standard output.")
    String output;

    @picocli.CommandLine.Option(names = {"-f", "--force"}, description = "Replace OUT if it exists (without it, it is refused before any work).")
    boolean force;

    @Mixin
    SingleImageFlags image;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TransportRef ref = TransportRef.parse(source);
        Transports.OpenContext ctx = registry.context();
        // The output first: what is there is refused before the image is read.
        ArchiveOutput target = output.equals("-")
                ? ArchiveOutput.standardOutput(StandardOutput.data(), ctx.tempDir())
                : ArchiveOutput.file(Path.of(output), force);
        try (ImageSource src = Transports.openSource(ref, ctx)) {
            SingleImage one = image.resolve(src, ref.reference());
            UnpackReport r = Exporter.export(src, one.node(), target, image.limits());
            if (!target.toStandardOutput()) {
                spec.commandLine().getErr().printf("exported %d entries, %s to %s%n", r.entries(), Sizes.human(r.bytes()), output);
                spec.commandLine().getErr().flush();
            }
        }
        return 0;
    }
}
