package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.OciLayout;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout
 * (<a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md">image-layout.md</a>)
 * as a source: a directory ({@code oci:DIR}) or a tar of one ({@code oci-archive:FILE}), the tar
 * possibly compressed as a whole (gzip, zstd, xz, bzip2; sniffed from its bytes).
 *
 * <p>{@code oci-layout} and {@code index.json} are read and checked when the source is opened,
 * so a broken layout fails at once. {@link #entries()} lists index.json's manifests in order,
 * named by {@link RefNames#namesOf}. Every blob read is verified against its descriptor; blob
 * paths are built only from validated digests, and never leave the layout.
 */
public final class OciLayoutSource implements ImageSource {
    private final LayoutStore store;
    private final String description;
    private final LayoutNodeReader reader;
    private final ImageIndex index;

    private OciLayoutSource(LayoutStore store, String description, Limits limits) throws IOException {
        this.store = store;
        this.description = description;
        this.reader = new LayoutNodeReader(store, limits, description);
        checkLayoutFile(limits);
        this.index = ImageIndex.parse(readFile("index.json", limits.maxArchiveIndexBytes()), description + ": index.json");
    }

    /** Opens a layout directory. */
    public static OciLayoutSource openDirectory(Path dir, Limits limits) throws IOException {
        String description = "oci:" + dir;
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(description + ": no such directory");
        }
        return open(new DirectoryLayoutStore(dir), description, limits);
    }

    /**
     * Opens a layout tar. An uncompressed one is read at random and never copied; a compressed
     * one is read once, its large blobs spooled into a temp directory under {@code spoolDir}
     * that {@link #close()} removes.
     */
    public static OciLayoutSource openArchive(Path tarFile, Path spoolDir, Limits limits) throws IOException {
        String description = "oci-archive:" + tarFile;
        if (!Files.isRegularFile(tarFile)) {
            throw new NoSuchFileException(description + ": no such file");
        }
        Compression compression;
        try (InputStream in = dev.ociconv.converter.io.ArchiveFiles.openStream(tarFile)) {
            compression = Compressors.sniff(in).compression();
        }
        LayoutStore store;
        try {
            if (compression == Compression.NONE) {
                store = TarLayoutStore.inPlace(tarFile, description, limits);
            } else {
                try (InputStream raw = dev.ociconv.converter.io.ArchiveFiles.openStream(tarFile);
                     InputStream in = Compressors.decompress(raw, compression)) {
                    store = TarLayoutStore.spooled(in, spoolDir, description, limits);
                }
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(description) ? e
                    : new IOException(description + ": not a readable tar archive: " + e.getMessage(), e);
        }
        return open(store, description, limits);
    }

    private static OciLayoutSource open(LayoutStore store, String description, Limits limits) throws IOException {
        try {
            return new OciLayoutSource(store, description, limits);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** image-spec's ref.name grammar; see {@link RefNames}. */
    public static boolean isValidRefName(String name) {
        return RefNames.isValidRefName(name);
    }

    private void checkLayoutFile(Limits limits) throws IOException {
        byte[] bytes;
        try {
            bytes = readFile("oci-layout", limits.maxArchiveIndexBytes());
        } catch (NoSuchFileException e) {
            throw new InvalidDocumentException(description + ": oci-layout: missing, so this is not an OCI image layout");
        }
        Json.parse(bytes, OciLayout.class, description + ": oci-layout");
    }

    /**
     * A file at the top of the layout beside {@code index.json} (a mirror bundle's
     * {@code mirror.json}), or empty when the layout has none; read up to {@code limit} bytes.
     */
    public java.util.Optional<byte[]> readTopFile(String name, long limit) throws IOException {
        if (name.contains("/") || store.size(name).isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(readFile(name, limit));
    }

    /** The digests of the blobs the layout holds under {@code blobs/sha256/}, whether anything names them or not. */
    public java.util.SortedSet<Digest> storedBlobs() throws IOException {
        java.util.SortedSet<Digest> out = new java.util.TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        for (String path : store.paths()) {
            if (path.startsWith("blobs/sha256/") && Digest.isValid("sha256:" + path.substring("blobs/sha256/".length()))) {
                out.add(Digest.parse("sha256:" + path.substring("blobs/sha256/".length())));
            }
        }
        return out;
    }

    private byte[] readFile(String name, long limit) throws IOException {
        if (store.size(name).isEmpty()) {
            throw new NoSuchFileException(description + ": " + name + ": missing");
        }
        try (InputStream in = store.open(name)) {
            return BoundedReads.readAtMost(in, limit, description + ": " + name);
        }
    }

    @Override
    public String description() {
        return description;
    }

    /** index.json as parsed (its own annotations included). */
    public ImageIndex index() {
        return index;
    }

    @Override
    public List<SourceEntry> entries() {
        List<SourceEntry> out = new ArrayList<>();
        List<Descriptor> manifests = index.manifests();
        for (int i = 0; i < manifests.size(); i++) {
            out.add(new SourceEntry(RefNames.namesOf(manifests.get(i)), manifests.get(i), i));
        }
        return out;
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        return reader.resolve(descriptor);
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        if (!layer.present()) {
            throw new BlobNotFoundException(description + ": " + layer.location() + ": layer blob not in the layout"
                    + (layer.foreign() ? " (a non-distributable layer; its urls say where it is)" : ""));
        }
        if (layer.digest() == null) {
            throw new IOException(description + ": " + layer.location() + ": layer without a digest");
        }
        return openVerified(new Descriptor(layer.mediaType(), layer.digest(), Math.max(layer.size(), 0)),
                layer.size());
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return openVerified(descriptor, descriptor.size());
    }

    private InputStream openVerified(Descriptor d, long size) throws IOException {
        String path = LayoutStore.blobPath(d.digest());
        if (store.size(path).isEmpty()) {
            throw new BlobNotFoundException(description + ": " + path + ": blob missing from the layout");
        }
        return new VerifyingInputStream(store.open(path), d.digest(), size, description + ": " + path);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
