package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestAssembler;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code docker save} archive as an {@link ImageSource}: every variant real tools write.
 *
 * <ul>
 *   <li>legacy Docker (&lt;= 24): {@code <id>/layer.tar}, {@code <config hex>.json},
 *       {@code manifest.json}, {@code repositories}; several images; layers that are tar
 *       symlinks or hard links to another entry (followed inside the archive only);</li>
 *   <li>Docker 25+, containerd and BuildKit: an OCI layout plus {@code manifest.json}; when
 *       {@code index.json} names images they must be those of manifest.json;</li>
 *   <li>go-containerregistry, kaniko and Jib tarballs: gzip layers, {@code sha256:<hex>} config
 *       names, lower-case keys, {@code LayerSources} foreign layers (which may be absent);</li>
 *   <li>the whole archive compressed with gzip, xz, zstd or bzip2 (by magic bytes).</li>
 * </ul>
 *
 * <p>Roots. Each manifest.json entry is one {@link SourceEntry}, named by its RepoTags as written
 * (or by index.json's {@code io.containerd.image.name} / ref name when it has none). Its root is
 * the manifest that index.json leads to for that config when the archive holds one, so the exact
 * manifest bytes survive a conversion; otherwise (legacy archives, Docker 25's
 * {@code "manifests": null}) it is the config, and {@link #resolve} returns a node without
 * manifest. Indexes and manifests in {@code blobs/} resolve too, by descriptor.
 *
 * <p>Reading. An uncompressed file is read in place; a compressed file or a stream is read once
 * and its large entries spooled (see {@link dev.ociconv.converter.archive.SpooledTarStore}); the spool is deleted on close.
 *
 * <p>Each root carries {@link SaveAnnotations} (zone, time of saving, mode type bits, Parent), so
 * that {@link DockerArchiveSink} can write the archive again as it was.
 * Pre-Docker-1.10 archives (no manifest.json; {@code repositories} and v1 layer directories)
 * are read as {@code docker load} reads them: their configs rebuilt ({@link V1ArchiveReader}).
 */
public final class DockerArchiveSource implements ImageSource {
    private final String description;
    private final TarStore contents;
    private final SavingTraces traces;
    private final ArchiveBlobs blobs;
    private final Limits limits;
    private final List<ArchiveImage> images;
    private final Map<Digest, ArchiveImage> byConfig = new LinkedHashMap<>();
    private final LayerRefs layerRefs;
    private final ManifestAssembler assembler;

    private DockerArchiveSource(String description, ArchiveReading reading, Limits limits) throws IOException {
        this.description = description;
        this.contents = reading.store();
        this.traces = reading.traces();
        this.limits = limits;
        this.blobs = new ArchiveBlobs(contents);
        this.layerRefs = new LayerRefs(contents, blobs);
        this.assembler = new ManifestAssembler(limits,
                (config, limit, what) -> blobs.readDocument(config, limit, "config"),
                (layer, diffId, index) -> layerRefs.declared(layer, diffId));
        List<ArchiveImage> listed = new ManifestJsonReader(contents, blobs, limits).read();
        this.images = new IndexJsonAgreement(contents, blobs, limits).apply(listed);
        for (ArchiveImage image : images) {
            byConfig.putIfAbsent(image.configDigest(), image);
        }
    }

    /** Opens an archive file, spooling to the system temp directory if it is compressed. */
    public static DockerArchiveSource open(Path file, Limits limits) throws IOException {
        return open(file, Path.of(System.getProperty("java.io.tmpdir")), limits);
    }

    /**
     * Opens an archive file: read in place when it is a plain tar, else decompressed once with
     * its layers spooled under {@code spoolDir}.
     */
    public static DockerArchiveSource open(Path file, Path spoolDir, Limits limits) throws IOException {
        Objects.requireNonNull(limits);
        String description = "docker-archive:" + file;
        if (!Files.exists(file)) {
            throw new IOException(description + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(description + ": is a directory, not an archive");
        }
        if (!Files.isRegularFile(file)) {
            // a pipe (/dev/stdin, <(…)): it can be read only once, so never sniffed apart
            // (FileInputStream: the JDK 17 channel stream seeks in available() and fails on pipes)
            try (InputStream in = new java.io.FileInputStream(file.toFile())) {
                return fromStream(in, spoolDir, description, limits);
            }
        }
        Compression compression;
        try (InputStream in = dev.ociconv.converter.io.ArchiveFiles.openStream(file)) {
            compression = Compressors.sniff(in).compression();
        }
        if (compression == Compression.NONE) {
            return build(description, ArchiveReading.inPlace(file, description, limits), limits);
        }
        try (InputStream in = dev.ociconv.converter.io.ArchiveFiles.openStream(file)) {
            return fromStream(in, spoolDir, description, limits);
        }
    }

    /** Opens an archive read from a stream ({@code -}, a pipe), compressed or not, spooling under {@code spoolDir}. */
    public static DockerArchiveSource open(InputStream stream, Path spoolDir, Limits limits) throws IOException {
        return fromStream(stream, spoolDir, "docker-archive:-", limits);
    }

    private static DockerArchiveSource fromStream(InputStream in, Path spoolDir, String description, Limits limits)
            throws IOException {
        Compressors.Sniffed plain = Compressors.decompressSniffed(new BufferedInputStream(new ReadingSkips(in), 1 << 16));
        return build(description, ArchiveReading.spooled(plain.stream(), spoolDir, description, limits), limits);
    }

    /** Skips by reading and claims nothing available: a pipe cannot seek ("Illegal seek"). */
    private static final class ReadingSkips extends FilterInputStream {
        ReadingSkips(InputStream in) {
            super(in);
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static DockerArchiveSource build(String description, ArchiveReading reading, Limits limits) throws IOException {
        try {
            return new DockerArchiveSource(description, reading, limits);
        } catch (IOException | RuntimeException e) {
            reading.store().close();
            if (e instanceof RuntimeException) {
                throw new IOException(description + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<SourceEntry> entries() {
        List<SourceEntry> entries = new ArrayList<>();
        Map<String, String> archiveWide = SaveAnnotations.ofArchive(traces);
        for (ArchiveImage image : images) {
            Map<String, String> annotations = new LinkedHashMap<>(image.root().annotations());
            annotations.putAll(archiveWide);
            annotations.putAll(image.saveAnnotations());
            entries.add(new SourceEntry(image.names(), image.root().withAnnotations(annotations), image.position()));
        }
        return entries;
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        ArchiveImage image = byConfig.get(descriptor.digest());
        if (image != null && !descriptor.mediaType().isManifest() && !descriptor.mediaType().isIndex()) {
            if (descriptor.size() != image.config().size()) {
                throw new IOException(description + ": config " + descriptor.digest() + " is " + image.config().size()
                        + " bytes, not " + descriptor.size());
            }
            return new ManifestNode(Optional.empty(), Optional.empty(), image.config(), image.parsedConfig(),
                    layerRefs.of(image));
        }
        String what = description + ": " + descriptor.mediaType() + " " + descriptor.digest();
        ManifestAssembler.checkType(descriptor, what);
        RawDocument raw = blobs.readDocument(descriptor, limits.maxManifestBytes(), descriptor.mediaType().isIndex() ? "index" : "manifest");
        return assembler.assemble(descriptor, raw, what);
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        if (!layer.present()) {
            throw new BlobNotFoundException(description + ": layer " + layer.location()
                    + (layer.digest() == null ? "" : " (" + layer.digest() + ")")
                    + " is not in the archive" + (layer.foreign() ? " (a foreign layer: it is fetched from its URLs)" : ""));
        }
        InputStream in = contents.open(layer.location(), "layer");
        if (layer.digest() == null) {
            return in;
        }
        return new VerifyingInputStream(in, layer.digest(), layer.size(),
                description + ": layer " + layer.location());
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return blobs.open(descriptor, "blob");
    }

    @Override
    public void close() throws IOException {
        contents.close();
    }
}
