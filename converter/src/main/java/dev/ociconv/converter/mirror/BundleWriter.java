package dev.ociconv.converter.mirror;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.converter.io.Interruption;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.converter.io.VolumeOutputStream;
import dev.ociconv.converter.ocilayout.LayoutTarWriter;
import dev.ociconv.converter.ocilayout.OciLayoutSink;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ImageSource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Writes a bundle: every image of the list into one staging layout beside the target (each blob
 * once, however many images share it; kept across runs, so a re-run after a failure or a kill
 * fetches only what is still missing), then — only when every image is there, or with
 * {@code keepGoing} every image that could be — the inventory, and the bundle published in its
 * form in one step (a rename; an archive written beside and renamed; volumes renamed first-last).
 * Without {@code keepGoing} a failed image commits nothing.
 */
public final class BundleWriter {

    /**
     * @param images         the images, tags expanded
     * @param target         where and in which form
     * @param options        how each image is copied (jobs, compression, listener); names, platforms and
     *                       referrers are set per image here
     * @param platforms      the run's platform choice; a list entry's own platforms win
     * @param referrers      whether referrers come along by default; a list entry's own choice wins
     * @param keepGoing      leave out an image that fails, commit the rest, and report it
     * @param since          the base of a differential bundle: its layers are left out
     * @param sourceContext  how sources are opened (registry credentials, TLS, temp dir)
     * @param listener       progress, image by image
     */
    public record Request(List<MirrorImage> images, BundleTarget target, CopyOptions options, PlatformChoice platforms,
                          boolean referrers, boolean keepGoing, Optional<Base> since, Transports.OpenContext sourceContext,
                          MirrorListener listener, dev.ociconv.registry.CosignTagFinder cosign) {
        public Request(List<MirrorImage> images, BundleTarget target, CopyOptions options, PlatformChoice platforms,
                       boolean referrers, boolean keepGoing, Optional<Base> since, Transports.OpenContext sourceContext,
                       MirrorListener listener) {
            this(images, target, options, platforms, referrers, keepGoing, since, sourceContext, listener,
                    new dev.ociconv.registry.CosignTagFinder());
        }

        public Request {
            images = List.copyOf(images);
            Objects.requireNonNull(target);
            Objects.requireNonNull(options);
            Objects.requireNonNull(platforms);
            Objects.requireNonNull(since);
            Objects.requireNonNull(sourceContext);
            Objects.requireNonNull(listener);
        }
    }

    /** A differential bundle's base: its inventory and that inventory's digest. */
    public record Base(MirrorInventory inventory, Digest digest) {
    }

    /**
     * What the run did.
     *
     * @param inventory    as written into the bundle
     * @param fetchedBytes bytes of layers and configs this run fetched (not found in the staging layout, not left to the
     *                     base); manifests, a few KiB, are not counted
     * @param summedBytes  what the images' blobs add up to image by image: the bundle would be that big without sharing
     * @param resumedBlobs blobs an earlier run had already fetched
     */
    public record Report(MirrorInventory inventory, long fetchedBytes, long summedBytes, int resumedBlobs) {
        public long bundleBytes() {
            return inventory.blobs().stream().mapToLong(MirrorInventory.Blob::size).sum();
        }
    }

    private BundleWriter() {
    }

    public static Report write(Request request) throws IOException {
        BundleTarget target = request.target();
        target.checkFree();
        try (BundleLock lock = BundleLock.acquire(target)) {
            Path staging = target.staging();
            int resumed = 0;
            if (Files.isDirectory(staging)) {
                long[] bytes = {0};
                resumed = countBlobs(staging, bytes);
                request.listener().resuming(staging, resumed, bytes[0]);
            }
            if (request.listener().wantsPlan()) {
                request.listener().planned(request.images().size(), plannedBytes(request));
            }
            AtomicLong fetched = new AtomicLong();
            List<MirrorInventory.Image> images = new ArrayList<>();
            List<MirrorInventory.Failed> failed = new ArrayList<>();
            Set<Digest> leftToBase;
            int artifactsLeftOut;
            try (OciLayoutSink layout = OciLayoutSink.bundle(staging)) {
                BundleSink sink = new BundleSink(layout, request.since().map(b -> layersOf(b.inventory())).orElse(Set.of()),
                        target.form() == BundleTarget.Form.DOCKER25, target.toString());
                int total = request.images().size();
                int position = 0;
                for (MirrorImage image : request.images()) {
                    position++;
                    copyOne(request, image, layout, sink, position, total, fetched, images, failed);
                }
                if (images.isEmpty()) {
                    throw new IOException("no image of the list could be carried (" + failed.size() + " failed); nothing was written to "
                            + target + "; what was fetched stays in " + staging);
                }
                leftToBase = sink.leftToBase();
                artifactsLeftOut = sink.artifactsLeftOut();
                layout.commit();
            }
            return publish(request, staging, images, failed, leftToBase, fetched.get(), resumed, artifactsLeftOut);
        }
    }

    private static void copyOne(Request request, MirrorImage image, OciLayoutSink layout, BundleSink sink, int position, int total,
                                AtomicLong fetched,
                                List<MirrorInventory.Image> images, List<MirrorInventory.Failed> failed) throws IOException {
        MirrorListener listener = request.listener();
        listener.imageStarted(position, total, image.label());
        long started = System.nanoTime();
        long[] mine = {0};
        CopyOptions options = optionsFor(request, image, mine, sink);
        AtomicLong resumed = new AtomicLong();
        try (ImageSource source = resuming(Transports.openSource(TransportRef.parse(image.location()), contextFor(request, image)),
                layout, resumed)) {
            List<ImageCopier.CopyReport.CopiedImage> copied;
            try {
                copied = new ImageCopier().add(source, sink, options);
            } finally {
                // an earlier run fetched those bytes: replayed from the staging layout, not fetched
                mine[0] = Math.max(0, mine[0] - resumed.get());
            }
            for (ImageCopier.CopyReport.CopiedImage c : copied) {
                if (c.names().isEmpty()) {
                    // a bundle's images are pushed by name; one without would arrive nowhere
                    throw new IOException(source.description() + ": image " + c.root().digest().shortHex()
                            + " has no name; give it one with 'as: HOST/REPO:TAG' in the list");
                }
            }
            if (options.referrers().isPresent() && image.location().startsWith("docker://") && !copied.isEmpty()) {
                copied = new ArrayList<>(copied);
                copied.addAll(cosignImages(request, image, source, copied.get(0), sink, mine));
            }
            sink.adopt();
            for (ImageCopier.CopyReport.CopiedImage c : copied) {
                for (String name : c.names()) {
                    images.add(new MirrorInventory.Image(name, c.root().digest(), c.root().mediaType().toString(), c.root().size(),
                            image.location()));
                }
            }
            fetched.addAndGet(mine[0]);
            listener.imageDone(position, total, image.label(), copied.isEmpty() ? "" : copied.get(0).root().digest().toString(),
                    mine[0], (System.nanoTime() - started) / 1_000_000_000L);
        } catch (IOException | RuntimeException e) {
            sink.discard();
            fetched.addAndGet(mine[0]);
            if (Interruption.signal().isPresent()) {
                throw e;
            }
            String where = request.images().size() > 1 || image.listed().line() > 0
                    ? image.label() + " (list line " + image.listed().line() + ")" : image.label();
            if (!request.keepGoing()) {
                throw new IOException(where + ": " + message(e) + "; nothing was committed to " + request.target()
                        + " (what was fetched stays in " + request.target().staging() + ": run the same command again to go on,"
                        + " or add --keep-going to leave failing images out)", e);
            }
            failed.add(new MirrorInventory.Failed(image.label(), message(e)));
            listener.imageFailed(position, total, image.label(), message(e));
        }
    }

    /**
     * The image's cosign signatures, attestations and SBOM stored under cosign's tags (of its root,
     * and of each image of its index), copied as images of their own under those tags.
     */
    private static List<ImageCopier.CopyReport.CopiedImage> cosignImages(Request request, MirrorImage image, ImageSource source,
                                                                        ImageCopier.CopyReport.CopiedImage main, BundleSink sink,
                                                                        long[] fetched) throws IOException {
        Transports.OpenContext ctx = contextFor(request, image);
        String name = image.location().substring("docker://".length());
        List<ImageCopier.CopyReport.CopiedImage> out = new ArrayList<>();
        for (String ref : request.cosign().find(name, source, main.sourceRoot(), ctx.registry())) {
            CopyOptions o = optionsFor(request, image, fetched, sink).withDestinationNames(List.of(ref)).withPlatforms(PlatformChoice.ALL)
                    .withoutReferrers();
            try (ImageSource companion = Transports.openSource(TransportRef.parse("docker://" + ref), ctx)) {
                out.addAll(new ImageCopier().add(companion, sink, o));
            }
        }
        return out;
    }

    /** A registry source that sends only the rest of what an earlier run half fetched; any other as it is. */
    private static ImageSource resuming(ImageSource source, OciLayoutSink layout, AtomicLong resumed) {
        return source instanceof dev.ociconv.registry.RegistrySource registry ? new ResumingSource(registry, layout, resumed) : source;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
    }

    /**
     * The bytes of every blob the images reach, each once, read from their manifests (no layer is
     * fetched): what a progress display counts toward. Registries and layout directories only (their
     * manifests are cheap to read); every platform counts; an image that cannot be read now counts
     * nothing (its copy will say why).
     */
    private static long plannedBytes(Request request) {
        java.util.Map<Digest, Long> blobs = new java.util.HashMap<>();
        for (MirrorImage image : request.images()) {
            if (!image.location().startsWith("docker://") && !image.location().startsWith("oci:")) {
                continue; // an archive would be read (or decompressed and spooled) whole just to plan: its bytes count as they come
            }
            try (ImageSource source = Transports.openSource(TransportRef.parse(image.location()), contextFor(request, image))) {
                List<Descriptor> roots = source.entries().stream().map(dev.ociconv.model.transport.SourceEntry::root).toList();
                BundleWalk.of(source, roots, problem -> { }).blobs().values().forEach(b -> blobs.put(b.digest(), b.size()));
            } catch (IOException | RuntimeException e) {
                // counted as nothing; the copy reports it
            }
        }
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The copy options of one image: its name, its platforms, its referrers choice, and a count of what it fetched. */
    private static CopyOptions optionsFor(Request request, MirrorImage image, long[] fetched, BundleSink sink) {
        CopyOptions o = request.options();
        o = o.withListener(new dev.ociconv.converter.copy.ForwardingCopyListener(o.listener()) {
            @Override
            public void blobDone(String what, Digest digest, long size, boolean skipped) {
                if (!skipped) {
                    synchronized (fetched) {
                        fetched[0] += size;
                    }
                }
                super.blobDone(what, digest, size, skipped);
            }

            @Override
            public void artifactDropped(String artifact, String why) {
                if (request.target().form() == BundleTarget.Form.DOCKER25) {
                    sink.artifactLeftOut(); // counted, said once at the end
                } else {
                    super.artifactDropped(artifact, why);
                }
            }
        });
        o = o.withTagNames(false);
        o = image.name().isPresent() ? o.withDestinationNames(List.of(image.name().get())) : o.withDestinationNames(List.of());
        PlatformChoice platforms = image.listed().platforms().isEmpty() ? request.platforms() : PlatformChoice.of(image.listed().platforms());
        o = o.withPlatforms(platforms);
        boolean referrers = image.listed().referrers().orElse(request.referrers())
                && request.target().form() != BundleTarget.Form.DOCKER25; // a docker25 archive holds none
        return referrers ? o.withReferrers(Optional.empty()) : o;
    }

    /** The run's context, with a skopeo sync list's per-registry settings where it gives them. */
    static Transports.OpenContext contextFor(Request request, MirrorImage image) {
        Transports.OpenContext ctx = request.sourceContext();
        return ctx.withRegistry(image.listed().registry().applyTo(ctx.registry()));
    }

    private static Set<Digest> layersOf(MirrorInventory base) {
        Set<Digest> out = new HashSet<>();
        for (MirrorInventory.Blob b : base.allBlobs().values()) {
            if (b.layer()) {
                out.add(b.digest());
            }
        }
        return out;
    }

    // ---- publishing

    private static Report publish(Request request, Path staging, List<MirrorInventory.Image> images,
                                  List<MirrorInventory.Failed> failed, Set<Digest> leftToBase, long fetched, int resumed,
                                  int artifactsLeftOut) throws IOException {
        List<MirrorInventory.Blob> held = new ArrayList<>();
        List<MirrorInventory.Blob> omitted = new ArrayList<>();
        long summed = 0;
        try (OciLayoutSource staged = OciLayoutSource.openDirectory(staging, request.sourceContext().limits())) {
            List<String> problems = new ArrayList<>();
            BundleWalk all = BundleWalk.of(staged, staged.index().manifests(), problems::add);
            if (!problems.isEmpty() || !all.missingDocuments().isEmpty()) {
                throw new IOException(staging + ": the staged bundle is not whole: "
                        + (problems.isEmpty() ? "missing " + all.missingDocuments().keySet() : problems.get(0)));
            }
            for (MirrorInventory.Blob b : all.blobs().values()) {
                boolean present = Files.isRegularFile(staging.resolve("blobs/" + b.digest().algorithm() + "/" + b.digest().hex()),
                        LinkOption.NOFOLLOW_LINKS);
                if (present) {
                    held.add(b);
                } else if (leftToBase.contains(b.digest())) {
                    omitted.add(b);
                } else {
                    throw new IOException(staging + ": blob " + b.digest() + " is named but was not written");
                }
            }
            for (Descriptor root : staged.index().manifests()) {
                summed += BundleWalk.of(staged, List.of(root), p -> { }).blobs().values().stream()
                        .mapToLong(MirrorInventory.Blob::size).sum();
            }
            removeUnreferenced(staging, all.blobs());
        }
        MirrorInventory inventory = new MirrorInventory(images, held, omitted, failed, request.since().map(Base::digest));
        BundleTarget target = request.target();
        switch (target.form()) {
            case DIRECTORY -> publishDirectory(staging, target, inventory);
            case ARCHIVE -> {
                writeFile(staging, MirrorInventory.FILE, inventory.toJson());
                publishArchive(staging, target);
                TempFiles.delete(staging);
            }
            case DOCKER25 -> {
                publishDocker25(request, staging, target, artifactsLeftOut);
                TempFiles.delete(staging);
            }
        }
        return new Report(inventory, fetched, summed, resumed);
    }

    /** Blobs the staging layout holds that no image reaches (an image that failed, or an earlier run's list) go. */
    private static void removeUnreferenced(Path staging, Map<Digest, MirrorInventory.Blob> reached) throws IOException {
        Path dir = staging.resolve("blobs/sha256");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Digest.isValid("sha256:" + name) && !reached.containsKey(Digest.parse("sha256:" + name))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void writeFile(Path dir, String name, byte[] bytes) throws IOException {
        Path temp = TempFiles.file(dir, name);
        try {
            Files.write(temp, bytes);
            dev.ociconv.converter.io.FileModes.publishFile(temp);
            AtomicFiles.moveInto(temp, dir.resolve(name));
        } finally {
            TempFiles.delete(temp);
        }
    }

    private static void publishDirectory(Path staging, BundleTarget target, MirrorInventory inventory) throws IOException {
        writeFile(staging, MirrorInventory.FILE, inventory.toJson());
        Path dest = target.path().toAbsolutePath();
        if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            TempFiles.publishNew(staging, dest);
            return;
        }
        // --force: the old bundle is moved aside (one rename), the new one renamed into place, the old one removed
        Path aside = TempFiles.directoryBeside(dest);
        Files.delete(aside);
        Files.move(dest, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            TempFiles.publishNew(staging, dest);
        } catch (IOException e) {
            Files.move(aside, dest, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        TempFiles.delete(aside);
    }

    private static void publishArchive(Path staging, BundleTarget target) throws IOException {
        if (target.volumeBytes().isPresent()) {
            VolumeOutputStream volumes = new VolumeOutputStream(target::volume, target.volumeBytes().getAsLong());
            try {
                try (OutputStream out = Compressors.compress(volumes, target.compression())) {
                    LayoutTarWriter.write(staging, out, List.of(MirrorInventory.FILE));
                }
                volumes.publish();
            } catch (IOException | RuntimeException e) {
                volumes.discard();
                throw e;
            }
            return;
        }
        ArchiveOutput output = ArchiveOutput.file(target.path(), target.replace());
        Path temp = output.newTempFile();
        try {
            try (OutputStream out = Compressors.compress(new BufferedOutputStream(AtomicFiles.writeTemp(temp), 1 << 16),
                    target.compression())) {
                LayoutTarWriter.write(staging, out, List.of(MirrorInventory.FILE));
            }
            output.publish(temp);
        } finally {
            TempFiles.delete(temp);
        }
    }

    /**
     * A Docker 25 archive of the staged images, one platform each (the run's choice, else this
     * machine's), names kept; what it cannot hold (referrers) is left out with one line.
     */
    private static void publishDocker25(Request request, Path staging, BundleTarget target, int leftOutEarlier) throws IOException {
        if (request.platforms().mode() == PlatformChoice.Mode.SOME) {
            throw new IllegalArgumentException("--to docker25 holds one platform per image: name one --platform");
        }
        int[] dropped = {leftOutEarlier};
        CopyOptions o = CopyOptions.defaults().withJobs(request.options().jobs())
                .withPlatforms(request.platforms().mode() == PlatformChoice.Mode.ALL ? PlatformChoice.AUTO : request.platforms())
                .withListener(new CopyListener() {
                    @Override
                    public void artifactDropped(String artifact, String why) {
                        dropped[0]++;
                    }
                });
        Transports.OpenContext ctx = request.sourceContext().withOverwrite(target.replace())
                .withDockerArchive(DockerArchiveSink.Options.defaults());
        VolumeOutputStream volumes = target.volumeBytes().isPresent()
                ? new VolumeOutputStream(target::volume, target.volumeBytes().getAsLong()) : null;
        if (volumes != null) {
            ctx = ctx.withStandardStreams(ctx.stdin(), volumes); // the archive's one stream, cut into volumes
        }
        String location = volumes != null ? "-" : target.path().toString();
        try (OciLayoutSource staged = OciLayoutSource.openDirectory(staging, ctx.limits());
             var sink = Transports.openSink(new TransportRef(dev.ociconv.converter.transport.DockerArchiveTransport.DOCKER25,
                     location, Optional.empty()), ctx)) {
            new ImageCopier().copy(staged, sink, o);
            if (volumes != null) {
                volumes.close();
                volumes.publish();
            }
        } catch (IOException | RuntimeException e) {
            if (volumes != null) {
                volumes.discard();
            }
            throw e;
        }
        if (dropped[0] > 0) {
            dev.ociconv.converter.io.Notices.say("left out " + dropped[0] + " signatures, SBOMs or attestations: " + target
                    + " cannot hold them (a bundle in oci: or oci-archive: form keeps them)");
        }
    }

    private static int countBlobs(Path staging, long[] bytes) throws IOException {
        Path dir = staging.resolve("blobs/sha256");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    n++;
                    bytes[0] += Files.size(f);
                }
            }
        }
        return n;
    }
}
