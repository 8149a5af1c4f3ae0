package dev.ociconv.converter.cli;

import dev.ociconv.converter.mirror.BundleVerifier;
import dev.ociconv.converter.mirror.Bundles;
import dev.ociconv.converter.mirror.ImageList;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify",
        description = {"Check a bundle offline: every blob re-hashed, every image complete (each descriptor present with its size,",
                "or left to the base of a differential bundle), referrers' subjects present, nothing stored that no image names,",
                "the inventory consistent; with --images, that the bundle holds exactly what the list asks.",
                "One line per problem, exit 1 on any."},
        footer = {"", "Examples:", "  ociconv mirror verify bundle", "  ociconv mirror verify --images images.yaml bundle.tar.000"})
final class MirrorVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle: its directory, its archive, or a split archive's first volume.")
    String bundle;

    @Option(names = "--images", paramLabel = "FILE", description = "The image list the bundle was made from (checked offline: tag lists are not asked for).")
    Path images;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ImageList> list = images == null ? Optional.empty() : Optional.of(ImageList.read(images));
        BundleVerifier.Result r;
        try (OciLayoutSource source = Bundles.open(bundle, dev.ociconv.converter.transport.Transports.OpenContext.defaults())) {
            r = BundleVerifier.verify(source, list, p -> {
                err.println("ociconv: problem: " + p.replace('\n', ' '));
                err.flush();
            });
        }
        String what = r.images() + " images, " + r.blobsHashed() + " blobs re-hashed (" + Sizes.human(r.bytesHashed()) + ")"
                + (r.leftToBase() > 0 ? ", " + r.leftToBase() + " layers left to the base" : "");
        if (r.problems() > 0) {
            err.println("ociconv: error: " + bundle + ": " + r.problems() + " problem" + (r.problems() == 1 ? "" : "s") + " (" + what + ")");
            err.flush();
            return 1;
        }
        out.println("verified " + bundle + ": " + what + "; no problems");
        out.flush();
        return 0;
    }
}
