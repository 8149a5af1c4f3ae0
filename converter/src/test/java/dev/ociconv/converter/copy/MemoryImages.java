package dev.ociconv.converter.copy;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.digest.DigestingOutputStream;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.SourceEntry;
import dev.ociconv.model.transport.StoredBlob;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/** In-memory sources and sinks for the copier's unit tests (the real transports have their own). */
final class MemoryImages {
    private MemoryImages() {
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        }
        return b.toByteArray();
    }

    static byte[] config(List<Digest> diffIds, String arch) {
        StringBuilder ids = new StringBuilder();
        for (Digest d : diffIds) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(d).append('"');
        }
        return ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A source that serves legacy-style images (no manifests) and content-addressed blobs. */
    static final class Source implements ImageSource {
        final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        final List<SourceEntry> entries = new ArrayList<>();
        final Map<Digest, ImageNode> nodes = new LinkedHashMap<>();

        /** Adds an image without manifest whose layers are stored as given (plain or gzip). */
        /** Gzip'd layers of {@link #addLegacy} then carry their digest, as a manifest's descriptors do. */
        Source withCompressedDigestsKnown() {
            compressedDigestsKnown = true;
            return this;
        }

        private boolean compressedDigestsKnown;

        Source addLegacy(List<String> names, List<byte[]> plainLayers, boolean gzipLayers, Digest... wrongDiffIds) throws IOException {
            List<Digest> diffIds = new ArrayList<>();
            List<LayerRef> refs = new ArrayList<>();
            for (int i = 0; i < plainLayers.size(); i++) {
                byte[] plain = plainLayers.get(i);
                Digest diffId = wrongDiffIds.length > i ? wrongDiffIds[i] : Digest.sha256(plain);
                diffIds.add(diffId);
                byte[] stored = gzipLayers ? gzip(plain) : plain;
                Digest d = Digest.sha256(stored);
                blobs.put(d, stored);
                refs.add(new LayerRef(gzipLayers ? MediaType.DOCKER_LAYER_GZIP : MediaType.DOCKER_LAYER,
                        gzipLayers && !compressedDigestsKnown ? null : d, stored.length, gzipLayers ? Compression.GZIP : Compression.NONE,
                        diffId, null, null, true, "layer" + i + ":" + d.hex()));
            }
            RawDocument cfg = RawDocument.of(config(diffIds, "amd64"), MediaType.DOCKER_CONFIG);
            nodes.put(cfg.digest(), new ManifestNode(Optional.empty(), Optional.empty(), cfg,
                    ImageConfig.parse(cfg.bytes(), "config"), refs));
            entries.add(new SourceEntry(names, cfg.descriptor(), entries.size()));
            return this;
        }

        /** Adds an OCI image with gzip layers and a manifest; returns the manifest descriptor. */
        Descriptor addOci(List<byte[]> plainLayers, String arch) throws IOException {
            List<Digest> diffIds = new ArrayList<>();
            List<Descriptor> layers = new ArrayList<>();
            for (byte[] plain : plainLayers) {
                diffIds.add(Digest.sha256(plain));
                byte[] gz = gzip(plain);
                Digest d = Digest.sha256(gz);
                blobs.put(d, gz);
                layers.add(new Descriptor(MediaType.OCI_LAYER_GZIP, d, gz.length));
            }
            RawDocument cfg = RawDocument.of(config(diffIds, arch), MediaType.OCI_CONFIG);
            blobs.put(cfg.digest(), cfg.bytes());
            ImageManifest m = new ImageManifest(2, MediaType.OCI_MANIFEST, null, cfg.descriptor(), layers, null, null);
            RawDocument raw = RawDocument.of(dev.ociconv.model.json.Json.write(m), MediaType.OCI_MANIFEST);
            List<LayerRef> refs = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                refs.add(LayerRef.fromDescriptor(layers.get(i), diffIds.get(i), true, "blobs/" + layers.get(i).digest().hex()));
            }
            nodes.put(raw.digest(), new ManifestNode(Optional.of(raw), Optional.of(m), cfg,
                    ImageConfig.parse(cfg.bytes(), "config"), refs));
            blobs.put(raw.digest(), raw.bytes());
            return raw.descriptor().withPlatform(new dev.ociconv.model.spec.Platform("linux", arch, null));
        }

        Descriptor addIndex(List<Descriptor> children, List<String> names) {
            ImageIndex idx = ImageIndex.of(MediaType.OCI_INDEX, children);
            RawDocument raw = RawDocument.of(dev.ociconv.model.json.Json.write(idx), MediaType.OCI_INDEX);
            nodes.put(raw.digest(), new IndexNode(raw, idx));
            entries.add(new SourceEntry(names, raw.descriptor(), entries.size()));
            return raw.descriptor();
        }

        @Override
        public String description() {
            return "memory:";
        }

        @Override
        public List<SourceEntry> entries() {
            return entries;
        }

        @Override
        public ImageNode resolve(Descriptor d) throws IOException {
            ImageNode n = nodes.get(d.digest());
            if (n == null) {
                throw new BlobNotFoundException("memory: no " + d.digest());
            }
            return n;
        }

        @Override
        public InputStream openLayer(LayerRef layer) throws IOException {
            String loc = layer.location();
            byte[] data = blobs.get(new Digest(Digest.SHA256, loc.substring(loc.length() - 64)));
            if (data == null) {
                throw new BlobNotFoundException(loc);
            }
            InputStream in = new ByteArrayInputStream(data);
            return layer.digest() == null ? in : new VerifyingInputStream(in, layer.digest(), layer.size(), layer.location());
        }

        @Override
        public InputStream openBlob(Descriptor d) throws IOException {
            byte[] b = blobs.get(d.digest());
            if (b == null) {
                throw new BlobNotFoundException("memory: no blob " + d.digest());
            }
            return new VerifyingInputStream(new ByteArrayInputStream(b), d.digest(), d.size(), d.digest().toString());
        }

        @Override
        public void close() {
        }
    }

    /** A sink that keeps everything in maps and records call order. */
    static final class Sink implements ImageSink {
        final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<Digest, RawDocument> manifests = new LinkedHashMap<>();
        final Map<Descriptor, List<String>> images = new LinkedHashMap<>();
        final SinkCapabilities caps;
        boolean committed;

        Sink(SinkCapabilities caps) {
            this.caps = caps;
        }

        static Sink oci() {
            return new Sink(new SinkCapabilities(List.of(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST), true,
                    Optional.empty(), Optional.empty(), false, true));
        }

        static Sink dockerArchive() {
            return new Sink(new SinkCapabilities(List.of(MediaType.DOCKER_MANIFEST, MediaType.OCI_MANIFEST), false,
                    Optional.of(Compression.NONE), Optional.empty(), true, false, true));
        }

        static Sink registry() {
            return new Sink(new SinkCapabilities(List.of(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST), true,
                    Optional.empty(), Optional.of(Compression.GZIP), false, true));
        }

        @Override
        public String description() {
            return "memory-sink:";
        }

        @Override
        public SinkCapabilities capabilities() {
            return caps;
        }

        @Override
        public boolean hasBlob(Digest digest, long size) {
            return blobs.containsKey(digest);
        }

        @Override
        public StoredBlob putBlob(BlobWrite blob) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DigestingOutputStream out = new DigestingOutputStream(buf);
            blob.content().writeTo(out);
            Digest d = out.digest();
            if (blob.expectedDigest() != null && !blob.expectedDigest().equals(d)) {
                throw new DigestMismatchException("memory-sink: digest " + d + ", expected " + blob.expectedDigest());
            }
            blobs.put(d, buf.toByteArray());
            return new StoredBlob(d, out.count());
        }

        @Override
        public synchronized void putManifest(RawDocument document) {
            manifests.put(document.digest(), document);
            blobs.put(document.digest(), document.bytes());
        }

        @Override
        public synchronized void addImage(Descriptor root, List<String> names) {
            images.put(root, names);
        }

        @Override
        public void commit() {
            committed = true;
        }

        @Override
        public void close() {
        }
    }
}
