package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.StoredBlob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@code docker save} archive as Docker itself writes it: the legacy form of Docker up
 * to 24 ({@link #legacy}, see {@link LegacySaveWriter}) or the OCI-layout form of Docker 25
 * ({@link #docker25}, see {@link Docker25SaveWriter}). Same images in, same bytes out as
 * {@code docker save}, given the saving daemon's zone and clock ({@link Options}).
 *
 * <p>A tar cannot be written out of order, so blobs are staged in a directory beside the target
 * (hashed while written) and the archive is tarred at {@link #commit()} into a temp file that is
 * then renamed over the target. Layers must come uncompressed (digest = diffID); the copier sees
 * that in {@link #capabilities()}.
 *
 * <p>What the copy cannot carry otherwise comes in annotations (on the root descriptor given to
 * {@link #addImage}, else on the manifest): {@link LegacyIds#TIMEZONE_ANNOTATION},
 * {@link #SAVED_AT_ANNOTATION}, {@link #MODE_TYPE_BITS_ANNOTATION}, {@link #OWNER_ANNOTATION} (see {@link Options}) and
 * {@link #PARENT_ANNOTATION} (the {@code Parent} of a {@code manifest.json} item). A reader that
 * sets them from an archive makes the round trip byte-exact.
 */
public final class DockerArchiveSink implements ImageSink {

    /** The image ID ({@code sha256:<config digest>}) of the image's parent, written as {@code Parent} when it is saved too. */
    public static final String PARENT_ANNOTATION = "dev.ociconv.docker.save.parent";

    /**
     * The time of saving Docker showed on the entries it does not date (RFC 3339, e.g.
     * {@code 2021-04-21T02:27:18Z}): symlinked layers' directories, Docker 25's {@code index.json}.
     */
    public static final String SAVED_AT_ANNOTATION = "dev.ociconv.docker.save.time";

    /** {@code true} when the archive's tar modes carry file type bits (Docker up to 22.06 wrote {@code 0100644}). */
    public static final String MODE_TYPE_BITS_ANNOTATION = "dev.ociconv.docker.save.tar-mode-type-bits";

    /** {@code USER:GROUP}, the owner names in the archive's tar headers when it had them (Debian's Docker 20.10: {@code root:root}). */
    public static final String OWNER_ANNOTATION = "dev.ociconv.docker.save.tar-owner";

    /**
     * How the saving daemon behaves. Each field, when set, wins; when empty, the image's
     * annotations decide (so an archive read by ociconv is written back as it was), else
     * Docker 24 on a UTC host saving now.
     *
     * @param zone         zone offset of the daemon's local time at {@code time.Unix(0,0)}; else
     *                     {@link LegacyIds#TIMEZONE_ANNOTATION} per image, else UTC
     * @param clock        the time of saving; else {@link #SAVED_AT_ANNOTATION}, else the system clock
     * @param style        the tar headers' style; else {@link #MODE_TYPE_BITS_ANNOTATION} and
     *                     {@link #OWNER_ANNOTATION}, else {@link SaveTarStyle#DOCKER23}
     */
    public record Options(Optional<ZoneOffset> zone, Optional<Clock> clock, Optional<SaveTarStyle> style) {
        public Options {
            Objects.requireNonNull(zone);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(style);
        }

        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty());
        }

        public Options withZone(ZoneOffset newZone) {
            return new Options(Optional.of(newZone), clock, style);
        }

        public Options withClock(Clock newClock) {
            return new Options(zone, Optional.of(newClock), style);
        }

        /** Writes the tar headers in this style, whatever the image's annotations say. */
        public Options withStyle(SaveTarStyle newStyle) {
            return new Options(zone, clock, Optional.of(newStyle));
        }
    }

    private enum Format { LEGACY, DOCKER25 }

    private static final SinkCapabilities CAPABILITIES = new SinkCapabilities(
            List.of(MediaType.DOCKER_MANIFEST, MediaType.OCI_MANIFEST), false,
            Optional.of(Compression.NONE), Optional.empty(), true, false, true); // docker load opens every layer

    private final ArchiveOutput output;
    private final Options options;
    private final Format format;
    private final StagedBlobWriter blobs;
    private final Map<Digest, ImageManifest> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, SinkImage> images = new LinkedHashMap<>();
    private final Map<String, Digest> tagOwners = new HashMap<>();
    private Instant annotatedSavedAt;
    private SaveTarStyle annotatedStyle;
    private boolean committed;
    /** The archive being written straight, layer by layer (see {@link #sequentialLayerOrder}); or null. */
    private DirectSaveTar direct;
    private Instant plannedSavedAt;
    private boolean planAsked;
    /** Whether the committed archive is the one written straight (for tests). */
    private boolean committedStraight;
    /** The tree the archive was written from (set at commit). */
    private SaveTreeWriter tree;

    private DockerArchiveSink(ArchiveOutput output, Options options, Format format) throws IOException {
        this.output = Objects.requireNonNull(output);
        this.options = Objects.requireNonNull(options);
        this.format = format;
        this.blobs = StagedBlobWriter.in(output.newStagingDirectory());
    }

    /** A sink writing Docker 24's legacy layout to {@code outTar}, which must not exist yet. */
    public static DockerArchiveSink legacy(Path outTar, Options options) throws IOException {
        return new DockerArchiveSink(ArchiveOutput.file(outTar, false), options, Format.LEGACY);
    }

    /** A sink writing Docker 24's legacy layout to {@code output}. */
    public static DockerArchiveSink legacy(ArchiveOutput output, Options options) throws IOException {
        return new DockerArchiveSink(output, options, Format.LEGACY);
    }

    /** A sink writing Docker 25's OCI-layout form to {@code outTar}, which must not exist yet. */
    public static DockerArchiveSink docker25(Path outTar, Options options) throws IOException {
        return new DockerArchiveSink(ArchiveOutput.file(outTar, false), options, Format.DOCKER25);
    }

    /** A sink writing Docker 25's OCI-layout form to {@code output}. */
    public static DockerArchiveSink docker25(ArchiveOutput output, Options options) throws IOException {
        return new DockerArchiveSink(output, options, Format.DOCKER25);
    }

    @Override
    public String description() {
        return (format == Format.LEGACY ? "docker-archive:" : "docker25:") + output.name();
    }

    @Override
    public SinkCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public boolean hasBlob(Digest digest, long size) {
        return blobs.has(digest, size);
    }

    @Override
    public StoredBlob putBlob(BlobWrite blob) throws IOException {
        DirectSaveTar d = direct;
        StoredBlob written = d == null ? null : d.tryPut(blob, blobs);
        return written != null ? written : blobs.put(blob);
    }

    /**
     * For the first image of a legacy archive: lays the archive out from the config before any
     * layer comes, asks for the layers in the order they appear in it, and writes each straight
     * into the archive (see {@link DirectSaveTar}). Any other image is staged as before.
     */
    @Override
    public synchronized Optional<List<Integer>> sequentialLayerOrder(Descriptor root, ManifestNode image) throws IOException {
        if (format != Format.LEGACY || planAsked || !images.isEmpty() || output.toStandardOutput()) {
            return Optional.empty(); // standard output cannot seek back to fill in a header
        }
        planAsked = true;
        String what = description() + ": image " + image.config().digest();
        List<LayerRef> refs = image.layers();
        List<Digest> diffIds = image.parsedConfig().diffIds();
        if (diffIds.size() != refs.size()) {
            return Optional.empty(); // the copy reports it
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        image.manifest().ifPresent(m -> annotations.putAll(m.annotations()));
        annotations.putAll(root.annotations());
        ZoneOffset zone;
        Instant savedAt;
        SaveTarStyle style;
        try {
            String zoneAnnotation = annotations.get(LegacyIds.TIMEZONE_ANNOTATION);
            zone = options.zone().orElse(zoneAnnotation == null ? ZoneOffset.UTC : LegacyIds.parseZoneAnnotation(zoneAnnotation));
            String saved = annotations.get(SAVED_AT_ANNOTATION);
            savedAt = options.clock().map(Clock::instant)
                    .orElse(saved != null ? OffsetDateTime.parse(saved).toInstant() : Instant.now());
            style = options.style().orElse(SaveTarStyle.fromAnnotations(annotations::get).orElse(SaveTarStyle.DOCKER23));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty(); // addImage reports it
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            LayerRef r = refs.get(i);
            layers.add(new Descriptor(r.mediaType(), r.digest() != null ? r.digest() : diffIds.get(i), Math.max(0, r.size())));
        }
        ImageManifest provisional = new ImageManifest(2, MediaType.DOCKER_MANIFEST, null, image.config().descriptor(),
                layers, null, Map.of());
        SinkImage planned = new SinkImage(image.config().digest(), image.config().bytes(), diffIds, provisional,
                List.of(), null, zone);
        List<SaveTreeWriter.Entry> plan = LegacySaveWriter.layout(List.of(planned),
                (img, i) -> refs.get(i).present() ? OptionalLong.of(-1) : OptionalLong.empty(),
                SaveTreeWriter.seconds(savedAt)).entries();
        direct = DirectSaveTar.beside(output, plan, style);
        plannedSavedAt = savedAt;
        List<Integer> order = new ArrayList<>();
        for (Digest blob : direct.blobOrder()) {
            order.add(diffIds.indexOf(blob));
        }
        for (int i = 0; i < refs.size(); i++) {
            if (!order.contains(i)) {
                order.add(i);
            }
        }
        return Optional.of(order);
    }

    @Override
    public void putManifest(RawDocument document) throws IOException {
        String what = description() + ": manifest " + document.digest();
        if (!document.mediaType().isManifest()) {
            throw new IOException(what + ": docker save archives hold single-platform images, not " + document.mediaType());
        }
        ImageManifest manifest = ImageManifest.parse(document.bytes(), what);
        if (!blobs.has(manifest.config().digest(), manifest.config().size())) {
            throw new IOException(what + ": config " + manifest.config().digest() + " was never put");
        }
        manifests.put(document.digest(), manifest);
    }

    @Override
    public synchronized void addImage(Descriptor root, List<String> names) throws IOException {
        String what = description() + ": image " + root.digest();
        ImageManifest manifest = manifests.get(root.digest());
        if (manifest == null) {
            throw new IOException(what + ": " + (root.mediaType().isIndex()
                    ? "docker save archives cannot hold an index; choose one platform" : "manifest was never put"));
        }
        List<ImageName> refs = tagged(names, what);
        Digest configDigest = manifest.config().digest();
        for (ImageName ref : refs) {
            Digest owner = tagOwners.putIfAbsent(ref.familiar(), configDigest);
            if (owner != null && !owner.equals(configDigest)) {
                throw new IOException(what + ": tag " + ref.familiar() + " already names image " + owner);
            }
        }
        SinkImage known = images.get(configDigest);
        if (known != null) {
            List<ImageName> merged = new ArrayList<>(known.refs());
            refs.stream().filter(r -> !merged.contains(r)).forEach(merged::add);
            images.put(configDigest, new SinkImage(configDigest, known.config(), known.diffIds(), known.manifest(),
                    merged, known.parent(), known.zone()));
            return;
        }
        byte[] config = blobs.readSmall(configDigest, Limits.DEFAULT.maxConfigBytes(), what + " config");
        List<Digest> diffIds = ImageConfig.parse(config, what + " config").diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new IOException(what + ": manifest lists " + manifest.layers().size() + " layers but the config has "
                    + diffIds.size() + " diff_ids");
        }
        String zone = annotation(root, manifest, LegacyIds.TIMEZONE_ANNOTATION);
        String parent = annotation(root, manifest, PARENT_ANNOTATION);
        String savedAt = annotation(root, manifest, SAVED_AT_ANNOTATION);
        Optional<SaveTarStyle> style;
        try {
            if (savedAt != null && annotatedSavedAt == null) {
                annotatedSavedAt = OffsetDateTime.parse(savedAt).toInstant();
            }
            style = SaveTarStyle.fromAnnotations(key -> annotation(root, manifest, key));
            if (style.isPresent() && annotatedStyle == null) {
                annotatedStyle = style.get();
            }
            ZoneOffset offset = options.zone().orElse(zone == null ? ZoneOffset.UTC : LegacyIds.parseZoneAnnotation(zone));
            images.put(configDigest, new SinkImage(configDigest, config, diffIds, manifest, refs,
                    parent == null ? null : Digest.parse(parent), offset));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    private static String annotation(Descriptor root, ImageManifest manifest, String key) {
        String v = root.annotation(key);
        return v != null ? v : manifest.annotations().get(key);
    }

    /** Names as RepoTags: tagged references in Docker's familiar form; digest references are skipped, as Docker does. */
    private static List<ImageName> tagged(List<String> names, String what) throws IOException {
        List<ImageName> refs = new ArrayList<>();
        for (String name : names) {
            if (!ImageName.isValid(name)) {
                throw new IOException(what + ": invalid image name '" + name + "'");
            }
            if (name.contains("@")) {
                continue;
            }
            if (!ImageName.isTagged(name)) {
                throw new IOException(what + ": image name '" + name + "' has no repository:tag (docker save needs one);"
                        + " name the image, e.g. docker-archive:OUT.tar:NAME:TAG or --tag NAME:TAG");
            }
            ImageName ref = ImageName.parse(name);
            if (!refs.contains(ref)) {
                refs.add(ref);
            }
        }
        return refs;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (committed) {
            return;
        }
        if (images.isEmpty()) {
            throw new IOException(description() + ": nothing to save: no image was added");
        }
        Instant savedAt = options.clock().map(Clock::instant)
                .orElse(annotatedSavedAt != null ? annotatedSavedAt : plannedSavedAt != null ? plannedSavedAt : Instant.now());
        SaveTarStyle style = options.style().orElse(annotatedStyle != null ? annotatedStyle : SaveTarStyle.DOCKER23);
        long now = SaveTreeWriter.seconds(savedAt);
        List<SinkImage> list = List.copyOf(images.values());
        SaveTreeWriter tree = format == Format.LEGACY
                ? LegacySaveWriter.layout(list, blobs, now)
                : Docker25SaveWriter.layout(list, blobs, now);
        this.tree = tree;
        if (direct != null && direct.finish(tree.entries(), blobs, style)) {
            output.publish(direct.file());
            committed = true;
            committedStraight = true;
            direct = null;
            blobs.delete();
            return;
        }
        if (direct != null) {
            direct.close(); // off the plan: the file now only holds layers the archive is written from
        }
        if (output.toStandardOutput()) {
            tree.writeTar(output.openStandardOutput(), blobs, style);
            committed = true;
            deleteDirect();
            blobs.delete();
            return;
        }
        Path temp = output.newTempFile();
        try {
            tree.writeTar(temp, blobs, style);
            output.publish(temp);
            committed = true;
        } finally {
            TempFiles.delete(temp);
            if (committed) {
                deleteDirect();
                blobs.delete();
            }
        }
    }

    private void deleteDirect() {
        if (direct != null) {
            try {
                direct.delete();
            } catch (IOException e) {
                // best effort: a temp file beside the target
            }
            direct = null;
        }
    }

    /**
     * The manifest Docker 25's form holds for the image (its index.json names it); none for the
     * legacy form, where manifest.json names the image by its config (the image ID).
     */
    @Override
    public synchronized Optional<Digest> committedDigest(Descriptor root) {
        ImageManifest m = manifests.get(root.digest());
        if (!committed || tree == null || m == null) {
            return Optional.empty();
        }
        return tree.manifestOf(m.config().digest());
    }

    boolean committedStraight() {
        return committedStraight;
    }

    @Override
    public synchronized void close() {
        deleteDirect();
        blobs.delete();
    }
}
