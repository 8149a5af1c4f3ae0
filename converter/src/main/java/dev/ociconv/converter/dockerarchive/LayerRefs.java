package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
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
 * diffID wins (foreign layers keep URLs and media type), and lets the file be absent.
 *
 * <p>From an OCI manifest: its descriptors, as declared.
 */
final class LayerRefs {
    private final ArchiveContents contents;
    private final ArchiveBlobs blobs;

    LayerRefs(ArchiveContents contents, ArchiveBlobs blobs) {
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
        Optional<ArchiveEntry> file = contents.findFile(path);
        if (file.isEmpty()) {
            if (source != null) {
                return LayerRef.fromDescriptor(source, diffId, false, path);
            }
            throw new IOException(contents.archive() + ": layer " + ArchivePaths.printable(path) + " is not in the archive");
        }
        ArchiveEntry entry = file.get();
        Compression compression = contents.sniff(entry);
        if (compression == Compression.XZ || compression == Compression.BZIP2) {
            throw new IOException(contents.archive() + ": layer " + ArchivePaths.printable(path) + " is "
                    + compression.displayName() + "-compressed; layers may be plain, gzip or zstd");
        }
        if (source != null) {
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

    List<LayerRef> of(ImageManifest manifest, List<Digest> diffIds) throws IOException {
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor d = manifest.layers().get(i);
            String path = ArchiveBlobs.blobPath(d.digest());
            Optional<String> found = blobs.find(d.digest());
            if (found.isEmpty() && !d.mediaType().isForeignLayer()) {
                throw blobs.missing(d, "layer");
            }
            layers.add(LayerRef.fromDescriptor(d, diffIds.get(i), found.isPresent(), found.orElse(path)));
        }
        return layers;
    }
}
