package dev.ociconv.converter.build;

import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.converter.transport.DockerArchiveTransport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.LayerRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an image without a daemon: {@code FROM scratch} or from a base image, one layer per
 * {@link AddSpec} (as one Dockerfile {@code ADD} each), a new config. The result is a
 * {@link BuiltImage} source, which the copier writes anywhere.
 *
 * <pre>{@code
 * BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse("hello.txt:/hello.txt")))
 *         .withTime(Instant.parse("2024-01-01T00:00:00Z"));
 * new ImageBuilder(Transports.OpenContext.defaults())
 *         .buildTo(spec, "testimage.tar", List.of("testuser/testimage:v1"), CopyOptions.defaults());
 * }</pre>
 *
 * <p>Reproducible: the same files, base and fixed time give the same layers, the same config
 * (so the same image ID) and, written as a docker archive, the same archive bytes (the time of
 * saving is then the fixed time too).
 */
public final class ImageBuilder {
    private final Transports.OpenContext ctx;

    public ImageBuilder(Transports.OpenContext ctx) {
        this.ctx = ctx;
    }

    /** Builds the image; the caller closes it (which deletes the staged layers). */
    public BuiltImage build(BuildSpec spec) throws IOException {
        Instant created = spec.time().orElseGet(Instant::now);
        Optional<BaseImage> base = Optional.empty();
        if (spec.from().isPresent()) {
            Platform wanted = new Platform(spec.os().orElse("linux"),
                    spec.architecture().orElse(Platform.host().architecture()), spec.variant().orElse(null));
            base = Optional.of(BaseImage.open(spec.from().get(), wanted, ctx));
        }
        Files.createDirectories(ctx.tempDir());
        Path staging = dev.ociconv.converter.io.TempFiles.directory(ctx.tempDir(), "build");
        try {
            List<LayerRef> layers = new ArrayList<>(base.map(b -> b.node().layers()).orElse(List.of()));
            Map<LayerRef, Path> staged = new LinkedHashMap<>();
            List<ConfigAuthor.Added> added = new ArrayList<>();
            AddLayerWriter writer = new AddLayerWriter(spec.time());
            for (int i = 0; i < spec.adds().size(); i++) {
                AddSpec add = spec.adds().get(i);
                AddLayerWriter.WrittenLayer w = writer.write(add, staging.resolve("layer-" + i + ".tar"));
                LayerRef ref = new LayerRef(MediaType.DOCKER_LAYER, w.diffId(), w.size(), Compression.NONE, w.diffId(),
                        List.of(), Map.of(), true, "--add " + add.source() + ":" + add.dest());
                layers.add(ref);
                staged.put(ref, w.file());
                added.add(new ConfigAuthor.Added(add, w.diffId(), w.contentRef()));
            }
            byte[] bytes = ConfigAuthor.write(base.map(b -> b.node().config().bytes()), added, spec, created);
            RawDocument config = RawDocument.of(bytes, MediaType.DOCKER_CONFIG);
            ImageConfig parsed = ImageConfig.parse(bytes, "built image config");
            return new BuiltImage(base.map(BaseImage::source), staging, config, parsed, layers, staged);
        } catch (IOException | RuntimeException e) {
            BuiltImage.deleteTree(staging);
            if (base.isPresent()) {
                base.get().source().close();
            }
            throw e;
        }
    }

    /**
     * What a build wrote.
     *
     * @param imageId the config's digest (Docker's image ID)
     * @param diffIds the layers' diffIDs, bottom first
     * @param names   the names given to the image
     * @param report  the copy's report (manifest descriptor, stored layers)
     */
    public record Result(Digest imageId, List<Digest> diffIds, List<String> names, ImageCopier.CopyReport report) {
        public Result {
            diffIds = List.copyOf(diffIds);
            names = List.copyOf(names);
        }
    }

    /**
     * Builds and writes the image to {@code destination} (a location; a plain path is a
     * {@code docker save} archive) named {@code tags} (or the destination's own reference).
     */
    public Result buildTo(BuildSpec spec, String destination, List<String> tags, CopyOptions options)
            throws IOException {
        TransportRef dst = TransportRef.parse(destination);
        if (dst.isPath()) {
            dst = new TransportRef(DockerArchiveTransport.LEGACY, dst.location(), Optional.empty());
        }
        List<String> names = !tags.isEmpty() ? withDefaultTag(tags) : dst.reference().map(List::of).orElse(List.of());
        // The destination first: what is there is checked before anything is built.
        try (ImageSink sink = openSink(dst, spec.time()); BuiltImage image = build(spec)) {
            ImageCopier.CopyReport report = new ImageCopier().copy(image, sink, options.withDestinationNames(names));
            return new Result(image.config().digest(), image.diffIds(), names, report);
        }
    }

    /** {@code -t name} means {@code name:latest}, as {@code docker build -t} does. */
    static List<String> withDefaultTag(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            boolean bare = !t.contains("@") && dev.ociconv.model.spec.ImageName.isValid(t)
                    && !dev.ociconv.model.spec.ImageName.isTagged(t);
            out.add(bare ? t + ":" + dev.ociconv.model.spec.ImageName.DEFAULT_TAG : t);
        }
        return out;
    }

    /** Docker archives get the fixed time as their time of saving, so the whole archive is reproducible. */
    private ImageSink openSink(TransportRef dst, Optional<Instant> time) throws IOException {
        Transports.OpenContext c = time.isEmpty() ? ctx
                : ctx.withDockerArchive(ctx.dockerArchive().withClock(Clock.fixed(time.get(), ZoneOffset.UTC)));
        return Transports.openSink(dst, c);
    }
}
