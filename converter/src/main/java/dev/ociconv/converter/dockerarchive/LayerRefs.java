package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarEntry;
import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.LayerRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes an image's layers before any is read.
 *
 * <p>From {@code manifest.json}: the compression is sniffed from each file's first bytes. A
 * plain tar's digest is its diffID (verified when read); a compressed file's digest is known only
 * when its name is content-addressed ({@code blobs/sha256/<hex>}) or the archive was spooled
 * (hashed on the way in), otherwise {@code null}. A {@code LayerSources} descriptor for the
 * diffID wins (foreign layers keep URLs and media type) when it describes the file (same size,
 * same compression), and lets the file be absent; one that describes other bytes is ignored.
 *
 * <p>From an OCI manifest: its descriptors, as declared.
 */
final class LayerRefs {
    private final TarStore contents;
    private final ArchiveBlobs blobs;

    LayerRefs(TarStore contents, ArchiveBlobs blobs) {
        this.contents = contents;
        this.blobs = blobs;
    }

    List<LayerRef> of(ArchiveImage image) throws IOException {
        List<Digest> diffIds = image.parsedConfig().diffIds();
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(layer(image.layerPaths().get(i), diffIds.get(i), image.layerSources().get(diffIds.get(i))));
        }
        return layers;
    }

    private LayerRef layer(String path, Digest diffId, Descriptor source) throws IOException {
        Optional<TarEntry> file = contents.findFile(path);
        if (file.isEmpty()) {
            if (source != null) {
                return LayerRef.fromDescriptor(source, diffId, false, path);
            }
            throw new IOException(contents.archive() + ": layer " + EntryNames.printable(path) + " is not in the archive");
        }
        TarEntry entry = file.get();
        Compression compression = contents.sniff(entry);
        if (compression == Compression.XZ || compression == Compression.BZIP2) {
            throw new IOException(contents.archive() + ": layer " + EntryNames.printable(path) + " is "
                    + compression.displayName() + "-compressed; layers may be plain, gzip or zstd");
        }
        if (source != null && describes(source, entry, compression)) {
            blobs.learn(source.digest(), path);
            return new LayerRef(source.mediaType(), source.digest(), source.size(), compression, diffId,
                    source.urls(), source.annotations(), true, path);
        }
        Digest digest;
        if (compression == Compression.NONE) {
            digest = diffId;
        } else {
            digest = ArchiveBlobs.digestFromName(path).filter(d -> path.startsWith("blobs/"))
                    .or(() -> contents.knownSha256(entry))
                    .orElse(null);
        }
        if (digest != null) {
            blobs.learn(digest, path);
        }
        return new LayerRef(MediaType.dockerLayer(compression, false), digest, entry.size(), compression, diffId,
                null, null, true, path);
    }

    /**
     * Whether a {@code LayerSources} descriptor describes the file the archive holds. The bytes
     * are the truth: Bazel-style writers give a present layer the descriptor of another encoding
     * of it (a 165-byte gzip blob beside a 10,240-byte plain {@code layer.tar}); {@code docker
     * load} reads the file, so do we, and such a descriptor is ignored. Its digest is still
     * verified when a matching file is read.
     */
    private static boolean describes(Descriptor source, TarEntry entry, Compression compression) {
        return source.size() == entry.size() && source.mediaType().declaredCompression() == compression;
    }

    /** A layer an OCI manifest of the archive declares (see ManifestAssembler): present when its blob is. */
    LayerRef declared(Descriptor d, Digest diffId) throws IOException {
        String path = ArchiveBlobs.blobPath(d.digest());
        Optional<String> found = blobs.find(d.digest());
        if (found.isEmpty() && !d.mediaType().isForeignLayer()) {
            throw blobs.missing(d, "layer");
        }
        return LayerRef.fromDescriptor(d, diffId, found.isPresent(), found.orElse(path));
    }
}
