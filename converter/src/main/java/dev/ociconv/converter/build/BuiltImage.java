package dev.ociconv.converter.build;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A built image, offered as an {@link ImageSource} so the copier writes it to any destination:
 * one untagged entry whose root is the new config (no manifest: the copier authors one for the
 * destination, as for a legacy {@code docker save} archive). Base layers are read from the base
 * image's source; new layers from files staged in a temp directory, deleted on {@link #close()}.
 */
public final class BuiltImage implements ImageSource {
    private final Optional<ImageSource> base;
    private final Path stagingDir;
    private final RawDocument config;
    private final ImageConfig parsedConfig;
    private final List<LayerRef> layers;
    private final Map<LayerRef, Path> staged;

    BuiltImage(Optional<ImageSource> base, Path stagingDir, RawDocument config, ImageConfig parsedConfig,
               List<LayerRef> layers, Map<LayerRef, Path> staged) {
        this.base = base;
        this.stagingDir = stagingDir;
        this.config = config;
        this.parsedConfig = parsedConfig;
        this.layers = List.copyOf(layers);
        this.staged = Map.copyOf(staged);
    }

    /** The config's exact bytes; its digest is the image ID. */
    public RawDocument config() {
        return config;
    }

    /** All layers, bottom first: the base's, then one per {@code --add}. */
    public List<LayerRef> layers() {
        return layers;
    }

    @Override
    public String description() {
        return "build " + config.digest().shortHex();
    }

    @Override
    public List<SourceEntry> entries() {
        return List.of(new SourceEntry(List.of(), config.descriptor(), 0));
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        if (!descriptor.digest().equals(config.digest())) {
            throw new BlobNotFoundException(description() + ": no image " + descriptor.digest());
        }
        return new ManifestNode(Optional.empty(), Optional.empty(), config, parsedConfig, layers);
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        Path file = staged.get(layer);
        if (file != null) {
            return new VerifyingInputStream(new BufferedInputStream(Files.newInputStream(file), 65536),
                    layer.digest(), layer.size(), description() + ": " + layer.location());
        }
        if (base.isEmpty()) {
            throw new BlobNotFoundException(description() + ": no layer " + layer.location());
        }
        return base.get().openLayer(layer);
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        if (descriptor.digest().equals(config.digest())) {
            return new java.io.ByteArrayInputStream(config.bytes());
        }
        for (Map.Entry<LayerRef, Path> e : staged.entrySet()) {
            if (descriptor.digest().equals(e.getKey().digest())) {
                return openLayer(e.getKey());
            }
        }
        if (base.isEmpty()) {
            throw new BlobNotFoundException(description() + ": no blob " + descriptor.digest());
        }
        return base.get().openBlob(descriptor);
    }

    @Override
    public void close() throws IOException {
        try {
            if (base.isPresent()) {
                base.get().close();
            }
        } finally {
            deleteTree(stagingDir);
        }
    }

    static void deleteTree(Path dir) {
        dev.ociconv.converter.io.TempFiles.delete(dir);
    }

    /** The diffIDs, bottom first (those of the config). */
    public List<Digest> diffIds() {
        return parsedConfig.diffIds();
    }
}
