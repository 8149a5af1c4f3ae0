package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.mirror.BundlePusher;
import dev.ociconv.converter.mirror.Bundles;
import dev.ociconv.converter.mirror.MirrorInventory;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.model.digest.Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "push",
        description = {"Push every image of a bundle into a registry under a prefix: host/team/app:1.2 becomes",
                "REGISTRY/PREFIX/team/app:1.2, digests unchanged, referrers with their images, blobs already there skipped",
                "(so a re-run after a failure sends only what is missing). A differential bundle is checked first:",
                "the layers it leaves to its base must be there, else nothing is pushed."},
        footer = {"", "Examples:", "  ociconv mirror push bundle registry.internal:5000/mirror",
                "  ociconv mirror push --jobs 4 bundle.tar.000 localhost:5000"})
final class MirrorPushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle: its directory, its archive, or a split archive's first volume.")
    String bundle;

    @Parameters(index = "1", paramLabel = "REGISTRY[/PREFIX]", description = "Where the images go, e.g. registry.internal:5000/mirror.")
    String destination;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2", description = "Images pushed at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--layer-jobs", paramLabel = "N", defaultValue = "3", description = "Layers of one image pushed at once (default: ${DEFAULT-VALUE}).")
    int layerJobs;

    @Option(names = "--no-referrers", description = "Leave the bundle's signatures, SBOMs and attestations out.")
    boolean noReferrers;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var ctx = registry.context();
        CopyListener blobs = quiet || !TerminalProgress.isInteractive() ? CopyListener.NONE : LineProgress.forOutput(out, false);
        long started = System.nanoTime();
        BundlePusher.Report report;
        try (OciLayoutSource source = Bundles.open(bundle, ctx)) {
            report = BundlePusher.push(new BundlePusher.Request(source, destination, jobs,
                    CopyOptions.defaults().withJobs(layerJobs).withListener(blobs), !noReferrers, ctx, quiet ? SILENT : new Lines(out)));
        }
        if (!quiet) {
            out.printf(java.util.Locale.ROOT, "pushed %d images to %s in %.1f s%s%n", report.pushed().size(), destination,
                    (System.nanoTime() - started) / 1e9, report.failed().isEmpty() ? "" : "; " + report.failed().size() + " failed");
            out.flush();
        }
        if (!report.failed().isEmpty()) {
            MirrorInventory.Failed first = report.failed().get(0);
            throw new java.io.IOException(report.failed().size() + " of " + (report.failed().size() + report.pushed().size())
                    + " images were not pushed (first: " + first.image() + ": " + first.error() + "); run the same command again to go on");
        }
        return 0;
    }

    private static final BundlePusher.Listener SILENT = new BundlePusher.Listener() {
        @Override
        public void pushed(int position, int total, String name, String destination, Digest digest) {
        }

        @Override
        public void failed(int position, int total, String name, String destination, String error) {
        }
    };

    private record Lines(PrintWriter out) implements BundlePusher.Listener {
        @Override
        public void pushed(int position, int total, String name, String destination, Digest digest) {
            print(String.format(java.util.Locale.ROOT, "[%d/%d] %s -> %s (%s)", position, total, name, destination, digest.shortHex()));
        }

        @Override
        public void failed(int position, int total, String name, String destination, String error) {
            print(String.format(java.util.Locale.ROOT, "[%d/%d] %s -> %s: FAILED: %s", position, total, name, destination, error));
        }

        private void print(String line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
