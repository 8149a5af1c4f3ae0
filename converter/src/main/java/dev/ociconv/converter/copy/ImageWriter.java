package dev.ociconv.converter.copy;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SinkCapabilities;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes one image: its layers (several at once), then its config, then its manifest — kept
 * byte for byte when nothing about the image changed, authored otherwise.
 */
final class ImageWriter {
    private final ImageSource source;
    private final ImageSink sink;
    private final CopyOptions options;
    private final ExecutorService workers;
    private final LayerTranscoder transcoder;
    /** Reads non-distributable layers through the fetcher; null when they are not to be fetched. */
    private final LayerTranscoder foreign;

    ImageWriter(ImageSource source, ImageSink sink, CopyOptions options, ExecutorService workers, ExecutorService helpers) {
        this.source = source;
        this.sink = sink;
        this.options = options;
        this.workers = workers;
        this.transcoder = new LayerTranscoder(source, sink, helpers, options.listener(), options.verifyDiffIds(),
                options.compressionLevel());
        this.foreign = options.foreignLayers().isEmpty() ? null : new LayerTranscoder(
                new ForeignLayerSource(source, options.foreignLayers().get()), sink, helpers, options.listener(), options.verifyDiffIds(),
                options.compressionLevel());
    }

    /**
     * @param carried ociconv's own annotations ({@link Annotations#OCICONV_PREFIX}): never written into a
     *                manifest (a manifest may be pushed, and its digest must be the one any tool would give
     *                it), the copier hands them to the sink with the root instead, where a local layout keeps
     *                them in its index.json and a registry drops them
     */
    record Written(Descriptor descriptor, List<ImageCopier.CopyReport.CopiedLayer> layers, Map<String, String> carried) {
    }

    Written write(ManifestNode image, Descriptor sourceDescriptor) throws IOException {
        Optional<List<Integer>> order = sink.sequentialLayerOrder(sourceDescriptor, image);
        List<Descriptor> layers = order.isPresent() ? writeLayersInOrder(image, order.get()) : writeLayers(image);
        RawDocument config = image.config();
        if (!new BlobReuser(source, sink, options.listener()).reused("config", config.digest(), config.size())) {
            sink.putBlob(new BlobWrite(config.mediaType(), config.digest(), config.size(),
                    out -> out.write(config.bytes())));
            options.listener().blobDone("config", config.digest(), config.size(), false);
        }
        Map<String, String> own = ociconvAnnotations(image, sourceDescriptor);
        RawDocument manifest = manifestFor(image, layers);
        sink.putManifest(manifest);
        Platform platform = sourceDescriptor.platform() != null ? sourceDescriptor.platform() : platformOf(image);
        Descriptor d = new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(), null, null, null, platform, null);
        List<ImageCopier.CopyReport.CopiedLayer> report = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            report.add(new ImageCopier.CopyReport.CopiedLayer(image.layers().get(i).diffId(), layers.get(i)));
        }
        return new Written(d, report, own);
    }

    /**
     * ociconv's own annotations of an image: those on the source's root (a docker save reader
     * sets them, see DockerArchiveSink) and those of its manifest, which an authored manifest keeps.
     */
    private static Map<String, String> ociconvAnnotations(ManifestNode image, Descriptor sourceDescriptor) {
        Map<String, String> own = new LinkedHashMap<>();
        image.manifest().ifPresent(m -> m.annotations().forEach((k, v) -> {
            if (k.startsWith(Annotations.OCICONV_PREFIX)) {
                own.put(k, v);
            }
        }));
        sourceDescriptor.annotations().forEach((k, v) -> {
            if (k.startsWith(Annotations.OCICONV_PREFIX)) {
                own.put(k, v);
            }
        });
        return own;
    }

    private static Platform platformOf(ManifestNode image) {
        var c = image.parsedConfig();
        if (c.os() == null || c.architecture() == null) {
            return null;
        }
        return new Platform(c.architecture(), c.os(), null, null, c.variant());
    }

    /**
     * One layer at a time, in the sink's order, each read (and decompressed) on a helper thread
     * while this one hashes and writes: the two cores still both work, and the sink can write
     * each layer straight into its one output stream.
     */
    private List<Descriptor> writeLayersInOrder(ManifestNode image, List<Integer> order) throws IOException {
        List<LayerRef> refs = image.layers();
        if (order.size() != refs.size() || !new java.util.HashSet<>(order).equals(
                java.util.stream.IntStream.range(0, refs.size()).boxed().collect(java.util.stream.Collectors.toSet()))) {
            throw new IllegalStateException(sink.description() + ": layer order " + order + " is not a permutation of "
                    + refs.size() + " layers");
        }
        Descriptor[] out = new Descriptor[refs.size()];
        for (int i : order) {
            LayerRef layer = refs.get(i);
            String what = describe(layer, i, refs.size());
            if (!layer.present()) {
                out[i] = absent(layer, what);
                continue;
            }
            out[i] = transcoder.transfer(layer, targetCompression(layer), what, true);
        }
        return List.of(out);
    }

    private static String describe(LayerRef layer, int i, int count) {
        return "layer " + (i + 1) + "/" + count + " (" + layer.location() + ")";
    }

    /**
     * A layer the source does not hold: fine when the destination holds it already and it would be
     * copied as it is (a differential bundle leaves its base's layers out). A non-distributable
     * ("foreign") one is fetched from its urls when the user allows it, else stays a reference where
     * the destination allows that (a layout, a registry) and is refused by name where it does not (a
     * docker save archive, which docker load could not read without it). An error otherwise.
     */
    private Descriptor absent(LayerRef layer, String what) throws IOException {
        if (layer.digest() != null && layer.size() >= 0 && targetCompression(layer) == layer.compression()
                && new BlobReuser(source, sink, options.listener()).reused(what, layer.digest(), layer.size())) {
            return layer.descriptor();
        }
        if (!layer.foreign()) {
            throw new IOException(source.description() + ": " + what + " is not in the source (nor already at " + sink.description() + ")");
        }
        if (options.foreignLayers().isPresent()) {
            // into a docker save archive it becomes an ordinary layer (its file there is what docker load
            // reads); a layout or registry stores the bytes under the layer's own type, as crane does
            LayerRef fetched = present(layer, sink.capabilities().needsEveryLayer());
            return foreign.transfer(fetched, targetCompression(fetched), what + " (non-distributable, fetched)", false);
        }
        if (sink.capabilities().needsEveryLayer()) {
            throw new IOException(source.description() + ": " + what + " is a non-distributable layer whose bytes are elsewhere"
                    + (layer.urls().isEmpty() ? "" : " (" + layer.urls().get(0) + ")") + "; " + sink.description()
                    + " cannot be complete without them, and they are fetched only when asked: --allow-nondistributable-artifacts");
        }
        return layer.descriptor();
    }

    /**
     * The same layer, to be read (its bytes come through {@link ForeignLayerSource}, from its urls);
     * {@code ordinary}: typed as a distributable layer of the same compression.
     */
    private static LayerRef present(LayerRef l, boolean ordinary) {
        MediaType type = ordinary ? ManifestAuthor.layerType(l.compression(), false, l.mediaType().isDocker()) : l.mediaType();
        return new LayerRef(type, l.digest(), l.size(), l.compression(), l.diffId(), l.urls(), l.annotations(), true, l.location());
    }

    private List<Descriptor> writeLayers(ManifestNode image) throws IOException {
        List<Future<Descriptor>> futures = new ArrayList<>();
        List<LayerRef> refs = image.layers();
        for (int i = 0; i < refs.size(); i++) {
            LayerRef layer = refs.get(i);
            String what = describe(layer, i, refs.size());
            if (!layer.present()) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(absent(layer, what)));
                continue;
            }
            Compression target = targetCompression(layer);
            futures.add(workers.submit(() -> transcoder.transfer(layer, target, what, false)));
        }
        List<Descriptor> out = new ArrayList<>();
        IOException first = null;
        for (Future<Descriptor> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            } catch (ExecutionException e) {
                if (first == null) {
                    first = asIo(e.getCause());
                    futures.forEach(x -> x.cancel(true));
                }
            } catch (java.util.concurrent.CancellationException e) {
                // Cancelled because of the first failure, which is what the user must see.
                if (first == null) {
                    throw new java.io.InterruptedIOException("cancelled");
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    private static IOException asIo(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof java.io.UncheckedIOException u) {
            return u.getCause();
        }
        return new IOException(String.valueOf(t.getMessage()), t);
    }

    /** The sink's requirement, else the user's choice, else (unless digests are to be kept) the sink's default for plain layers, else keep. */
    private Compression targetCompression(LayerRef layer) throws IOException {
        SinkCapabilities caps = sink.capabilities();
        Optional<Compression> forced = options.compression().forced();
        if (layer.foreign()) {
            return layer.compression(); // foreign layers are referenced as they are, never rewritten
        }
        if (caps.requiredLayerCompression().isPresent()) {
            Compression required = caps.requiredLayerCompression().get();
            if (forced.isPresent() && forced.get() != required) {
                throw new IllegalArgumentException(sink.description() + " stores " + required.displayName()
                        + " layers only; --compress " + forced.get().displayName() + " does not apply");
            }
            return required;
        }
        if (forced.isPresent()) {
            return forced.get();
        }
        if (layer.compression() == Compression.NONE && caps.defaultLayerCompression().isPresent() && !options.preserveDigests()) {
            return caps.defaultLayerCompression().get(); // (a registry takes plain layers too: --preserve-digests sends them so)
        }
        return layer.compression();
    }

    /** The source manifest when it still describes what was written and the sink takes it; else a new one. */
    private RawDocument manifestFor(ManifestNode image, List<Descriptor> written) {
        SinkCapabilities caps = sink.capabilities();
        if (image.manifest().isPresent()) {
            ImageManifest m = image.manifest().get();
            RawDocument raw = image.manifestRaw().get();
            boolean same = m.layers().size() == written.size();
            for (int i = 0; same && i < written.size(); i++) {
                same = m.layers().get(i).digest().equals(written.get(i).digest());
            }
            if (same && caps.acceptsManifest(raw.mediaType()) && options.annotations().isEmpty()) {
                return raw;
            }
        }
        MediaType type = chooseManifestType(image, caps);
        Map<String, String> annotations = new LinkedHashMap<>();
        image.manifest().ifPresent(m -> m.annotations().forEach((k, v) -> {
            if (!k.startsWith(Annotations.OCICONV_PREFIX)) { // older layouts held them in the manifest
                annotations.put(k, v);
            }
        }));
        annotations.putAll(options.annotations());
        Descriptor config = image.config().descriptor();
        return ManifestAuthor.manifest(type, config, written, annotations);
    }

    private static MediaType chooseManifestType(ManifestNode image, SinkCapabilities caps) {
        if (caps.authorsDockerManifests() && caps.acceptsManifest(MediaType.DOCKER_MANIFEST)) {
            return MediaType.DOCKER_MANIFEST;
        }
        if (image.manifestRaw().isPresent() && caps.acceptsManifest(image.manifestRaw().get().mediaType())) {
            return image.manifestRaw().get().mediaType();
        }
        return caps.acceptsManifest(MediaType.OCI_MANIFEST) ? MediaType.OCI_MANIFEST : caps.manifestTypes().get(0);
    }
}
