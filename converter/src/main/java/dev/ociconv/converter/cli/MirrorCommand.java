package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.converter.mirror.BundleTarget;
import dev.ociconv.converter.mirror.BundleWriter;
import dev.ociconv.converter.mirror.ImageList;
import dev.ociconv.converter.mirror.MirrorImage;
import dev.ociconv.converter.mirror.MirrorInventory;
import dev.ociconv.converter.mirror.MirrorListener;
import dev.ociconv.converter.mirror.Bundles;
import dev.ociconv.converter.mirror.TagExpansion;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "mirror",
        header = "Carry a list of images, with their signatures, as one deduplicated bundle (air gaps).",
        description = {"Carry a list of images, with their signatures, SBOMs and attestations, as one bundle: an OCI layout",
                "(or an archive of one) that holds every blob once however many images share it.",
                "The bundle is built beside DEST (DEST.partial) and appears only when complete; a run that fails or is",
                "killed leaves what it fetched there, and the same command run again goes on from it.",
                "Then: 'ociconv mirror verify BUNDLE' checks it offline, 'ociconv mirror push BUNDLE REGISTRY[/PREFIX]'",
                "pushes it, 'ociconv mirror inventory REGISTRY[/PREFIX]' describes what a registry holds (for --since)."},
        subcommands = {MirrorVerifyCommand.class, MirrorPushCommand.class, MirrorInventoryCommand.class},
        footer = {"",
                "Examples:",
                "  ociconv mirror --images images.yaml bundle",
                "  ociconv mirror --images images.yaml --platform linux/amd64 --platform linux/arm64 oci-archive:bundle.tar.zst",
                "  ociconv mirror --images images.yaml --since bundle-2026-11 --split 4G oci-archive:update.tar",
                "  ociconv mirror --images images.yaml --to docker25 --platform linux/amd64 images.tar   # for docker load",
                "  ociconv mirror verify bundle && ociconv mirror push bundle registry.internal:5000/mirror"})
final class MirrorCommand implements Callable<Integer> {
    // Neither is required by picocli: a parent's required options would be asked of 'mirror verify' too.
    @Option(names = "--images", paramLabel = "FILE",
            description = "The image list (YAML): ociconv's 'images:' list or skopeo sync's registries form; see README.")
    Path images;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEST",
            description = "The bundle: a directory (an OCI layout), oci-archive:FILE (or FILE.tar, .tar.gz, .tar.zst), docker25:FILE.")
    String destination;

    @Option(names = "--to", paramLabel = "oci|oci-archive|docker25",
            description = "The bundle's form, when DEST is a plain path (default: an archive for .tar/.tar.gz/.tar.zst names, else a directory).")
    String to;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", split = ",",
            description = "From multi-platform images take these platforms only (repeatable), as a smaller index with their "
                    + "attestations; default: every platform where the source holds them all (a registry does), else this "
                    + "machine's (for --to docker25: this machine's). A list entry's platforms win.")
    List<String> platforms;

    @Option(names = "--no-referrers", description = "Leave out signatures, SBOMs and attestations (carried by default).")
    boolean noReferrers;

    @Option(names = "--keep-going",
            description = "An image that fails is reported and left out, the others are committed, exit status 1. "
                    + "Without it a failure commits nothing.")
    boolean keepGoing;

    @Option(names = "--since", paramLabel = "OLD",
            description = "A differential bundle: leave out the layers that OLD holds (a bundle, or its mirror.json, or an inventory "
                    + "written by 'mirror inventory'); the index and inventory stay whole.")
    String since;

    @Option(names = "--split", paramLabel = "SIZE",
            description = "Write an archive bundle as volumes of at most SIZE (4G, 700M): NAME.000, NAME.001, … that cat joins; "
                    + "ociconv reads NAME.000 directly.")
    String split;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "3", description = "Layers fetched at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = {"-f", "--force"}, description = "Replace an existing bundle at DEST when the new one is complete.")
    boolean force;

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
        if (images == null || destination == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "mirror needs --images FILE and DEST (or a subcommand: verify, push, inventory)");
        }
        PrintWriter out = spec.commandLine().getOut();
        OptionalLong volume = split == null ? OptionalLong.empty() : OptionalLong.of(Sizes.parse(split));
        BundleTarget target = BundleTarget.parse(destination, Optional.ofNullable(to), volume, force);
        PlatformChoice choice = PlatformChoice.of(platforms == null ? List.of()
                : platforms.stream().map(String::strip).filter(p -> !p.isEmpty()).map(Platform::parse).toList());
        // AUTO: an index whole where the source holds all of it (a registry always does), else this
        // machine's platform (a containerd export that lists eleven and holds one); docker25: one platform
        Transports.OpenContext ctx = registry.context();
        ImageList list = ImageList.read(images);
        Optional<BundleWriter.Base> base = since == null ? Optional.empty() : Optional.of(Bundles.base(Path.of(since), ctx));
        List<MirrorImage> resolved = TagExpansion.expand(list, (repository, settings) -> {
            ImageReference ref = ImageReference.parse(repository);
            try (RegistryClient client = RegistryClient.forReference(ref, settings.applyTo(ctx.registry()))) {
                return client.tags(ref.repository());
            }
        });
        MirrorListener lines = quiet ? MirrorListener.NONE : new Lines(out);
        CopyListener blobs = CopyListener.NONE;
        if (!quiet && TerminalProgress.isInteractive()) {
            // on a terminal: a bar for the whole run above a bar per blob in flight
            Overall overall = new Overall(TerminalProgress.forTerminal(out));
            blobs = overall;
            lines = overall;
        }
        CopyOptions options = CopyOptions.defaults().withJobs(jobs).withListener(blobs);
        long started = System.nanoTime();
        BundleWriter.Report report = BundleWriter.write(new BundleWriter.Request(resolved, target, options, choice, !noReferrers,
                keepGoing, base, ctx, lines));
        if (!quiet) {
            summary(out, target, report, (System.nanoTime() - started) / 1e9);
        }
        return report.inventory().failed().isEmpty() ? 0 : 1;
    }

    static void summary(PrintWriter out, BundleTarget target, BundleWriter.Report r, double seconds) {
        MirrorInventory inv = r.inventory();
        long held = r.bundleBytes();
        out.println("wrote " + target + ": " + inv.images().size() + " images, " + inv.blobs().size() + " blobs, " + Sizes.human(held)
                + (inv.omitted().isEmpty() ? "" : " (+ " + inv.omitted().size() + " layers, "
                + Sizes.human(inv.omitted().stream().mapToLong(MirrorInventory.Blob::size).sum()) + ", left to the base)"));
        out.printf(java.util.Locale.ROOT, "  fetched %s in %.1f s%s; shared blobs saved %s (%s image by image)%n",
                Sizes.human(r.fetchedBytes()), seconds,
                r.resumedBlobs() > 0 ? ", " + r.resumedBlobs() + " blobs were there from an earlier run" : "",
                Sizes.human(Math.max(0, r.summedBytes() - held - inv.omitted().stream().mapToLong(MirrorInventory.Blob::size).sum())),
                Sizes.human(r.summedBytes()));
        if (!inv.failed().isEmpty()) {
            out.println("  " + inv.failed().size() + " images failed and were left out:");
            for (MirrorInventory.Failed f : inv.failed()) {
                out.println("    " + f.image() + ": " + f.error());
            }
        }
        out.flush();
    }

    /**
     * The run's bar on a terminal: images done of all, bytes of blobs done (fetched, or found
     * present) of the planned total, rate and ETA; the blobs' own bars below it.
     */
    private static final class Overall extends dev.ociconv.converter.copy.ForwardingCopyListener implements MirrorListener {
        private final TerminalProgress bars;
        private final java.util.Set<dev.ociconv.model.digest.Digest> counted = new java.util.HashSet<>();
        private long done;
        private long total = -1;
        private int images;
        private int finished;

        Overall(TerminalProgress bars) {
            super(bars);
            this.bars = bars;
        }

        @Override
        public boolean wantsPlan() {
            return true;
        }

        @Override
        public synchronized void planned(int count, long uniqueBytes) {
            images = count;
            total = uniqueBytes;
            draw();
        }

        @Override
        public void resuming(Path staging, int blobs, long bytes) {
            bars.line(Lines.resumingLine(staging, blobs, bytes));
        }

        @Override
        public synchronized void blobDone(String what, dev.ociconv.model.digest.Digest digest, long size, boolean skipped) {
            super.blobDone(what, digest, size, skipped);
            if (counted.add(digest)) { // a blob two images share counts once, as in the plan
                done += size;
            }
            draw();
        }

        @Override
        public synchronized void imageDone(int position, int count, String label, String digest, long fetched, long seconds) {
            finished++;
            bars.line(Lines.doneLine(position, count, label, digest, fetched, seconds));
            draw();
        }

        @Override
        public synchronized void imageFailed(int position, int count, String label, String error) {
            finished++;
            bars.line(Lines.failedLine(position, count, label, error));
            draw();
        }

        private void draw() {
            bars.overall("images " + finished + "/" + images, Math.min(done, Math.max(total, done)), total);
        }
    }

    /** One line per image: what CI logs read, and what a person watching sees between bars. */
    private record Lines(PrintWriter out) implements MirrorListener {
        static String resumingLine(Path staging, int blobs, long bytes) {
            return "resuming from " + staging + ": " + blobs + " blobs (" + Sizes.human(bytes) + ") already fetched";
        }

        static String doneLine(int position, int total, String label, String digest, long fetched, long seconds) {
            return String.format(java.util.Locale.ROOT, "[%d/%d] %s: %s, fetched %s in %d s", position, total, label,
                    digest.length() > 19 ? digest.substring(0, 19) : digest, Sizes.human(fetched), seconds);
        }

        static String failedLine(int position, int total, String label, String error) {
            return String.format(java.util.Locale.ROOT, "[%d/%d] %s: FAILED: %s", position, total, label, error);
        }

        @Override
        public void resuming(Path staging, int blobs, long bytes) {
            print(resumingLine(staging, blobs, bytes));
        }

        @Override
        public void imageDone(int position, int total, String label, String digest, long fetched, long seconds) {
            print(doneLine(position, total, label, digest, fetched, seconds));
        }

        @Override
        public void imageFailed(int position, int total, String label, String error) {
            print(failedLine(position, total, label, error));
        }

        private void print(String line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
