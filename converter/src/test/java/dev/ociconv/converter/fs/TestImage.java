package dev.ociconv.converter.fs;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An in-memory (or file-backed) image: a source serving its layers and the manifest node. */
final class TestImage implements ImageSource {

    /** Opens one layer's stored bytes. */
    interface Bytes {
        InputStream open() throws IOException;
    }

    private final Map<String, Bytes> layers = new LinkedHashMap<>();
    final ManifestNode node;

    private TestImage(List<Bytes> stored, List<Digest> diffIds) {
        List<LayerRef> refs = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            String location = "layer-" + i;
            layers.put(location, stored.get(i));
            refs.add(new LayerRef(MediaType.OCI_LAYER, null, -1, Compression.NONE, diffIds.get(i),
                    null, null, true, location));
        }
        String ids = diffIds.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + ids + "]}}").getBytes(StandardCharsets.UTF_8);
        try {
            node = new ManifestNode(java.util.Optional.empty(), java.util.Optional.empty(),
                    RawDocument.of(config, MediaType.OCI_CONFIG), ImageConfig.parse(config, "config"), refs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Layers given as bytes (plain or compressed), bottom first. */
    static TestImage of(byte[]... layerBytes) {
        List<Bytes> stored = new ArrayList<>();
        List<Digest> ids = new ArrayList<>();
        for (byte[] b : layerBytes) {
            stored.add(() -> new ByteArrayInputStream(b));
            ids.add(Digest.sha256(b));
        }
        return new TestImage(stored, ids);
    }

    /** Layers stored in files, bottom first. */
    static TestImage ofFiles(Path... files) {
        List<Bytes> stored = new ArrayList<>();
        List<Digest> ids = new ArrayList<>();
        for (Path f : files) {
            stored.add(() -> Files.newInputStream(f));
            ids.add(Digest.sha256(f.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return new TestImage(stored, ids);
    }

    @Override
    public String description() {
        return "test-image";
    }

    @Override
    public List<SourceEntry> entries() {
        return List.of();
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        throw new IOException("test-image: nothing to resolve");
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        Bytes b = layers.get(layer.location());
        if (b == null) {
            throw new IOException("test-image: no layer " + layer.location());
        }
        return b.open();
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        throw new IOException("test-image: no blobs");
    }

    @Override
    public void close() {
    }
}
