package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.SingleImage;
import dev.ociconv.converter.fs.LayersReport;
import dev.ociconv.converter.fs.UnpackOptions;
import dev.ociconv.converter.fs.UnpackReport;
import dev.ociconv.converter.fs.Unpacker;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "unpack",
        header = "Unpack an image's root filesystem (or each layer) into a new directory, safely.",
        description = {"Unpack an image's root filesystem into a new directory, as an overlay filesystem shows it:",
                "layers applied in order, whiteouts honoured, nothing ever written outside DIR.",
                "With --layers, each layer into its own directory, ready for mount -t overlay."},
        footer = {"",
                "Examples:",
                "  ociconv unpack testimage2.tar rootfs",
                "  ociconv unpack --platform linux/arm64 oci:layout rootfs-arm64",
                "  ociconv unpack --layers testimage2.tar layers   # prints the mount -t overlay command"})
final class UnpackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Archive, layout, registry or transport string.")
    String source;

    @Parameters(index = "1", paramLabel = "DIR", description = "Directory to create (must not exist or be empty).")
    Path dir;

    @Option(names = "--layers", description = "One directory per layer (NN-<diffid>), whiteouts in OverlayFS form.")
    boolean layers;

    @Option(names = "--devices", description = "Create device nodes and FIFOs (root only).")
    boolean devices;

    @Option(names = "--keep-special-bits", description = "Keep setuid, setgid and sticky bits.")
    boolean keepSpecialBits;

    @Mixin
    SingleImageFlags image;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TransportRef ref = TransportRef.parse(source);
        UnpackOptions options = UnpackOptions.defaults().withLimits(image.limits())
                .withDevices(devices).withKeepSpecialBits(keepSpecialBits);
        var out = spec.commandLine().getOut();
        Transports.OpenContext ctx = registry.context();
        Unpacker.checkTarget(dir); // before the image is read
        try (ImageSource src = Transports.openSource(ref, ctx)) {
            SingleImage one = image.resolve(src, ref.reference());
            UnpackReport report;
            if (layers) {
                LayersReport lr = Unpacker.unpackLayers(src, one.node(), dir, options);
                report = lr.report();
                lr.layerDirs().forEach(d -> out.println("layer  " + d));
                out.println((lr.overlayReady() ? "mount: " : "mount (after converting the .wh. files): ") + lr.mountCommand());
            } else {
                report = Unpacker.unpack(src, one.node(), dir, options);
            }
            report.warnings().forEach(w -> out.println("note: " + w));
            out.printf("unpacked %d entries, %s into %s%n", report.entries(), Sizes.human(report.bytes()), dir);
        }
        out.flush();
        return 0;
    }
}
