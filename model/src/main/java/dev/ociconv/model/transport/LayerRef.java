package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A layer as a source knows it before reading it.
 *
 * @param mediaType   the declared type (from a manifest), or the Docker type for the compression
 *                    sniffed from an archive entry
 * @param digest      the blob's digest when known before reading (manifest descriptor; or an
 *                    uncompressed archive layer, whose digest must equal its diffID); {@code null}
 *                    when only reading tells (a gzip'd layer in a tarball). Always verified.
 * @param size        the blob's size, or -1 when unknown
 * @param compression the compression of the stored bytes (sniffed for archives, declared otherwise)
 * @param diffId      the uncompressed digest from the config's {@code rootfs.diff_ids}
 * @param urls        foreign layers' URLs
 * @param annotations the descriptor's annotations
 * @param present     false when the source does not hold the bytes (a foreign layer left out)
 * @param location    where the source finds it, for messages ({@code abc/layer.tar}, {@code blobs/sha256/…})
 */
public record LayerRef(
        MediaType mediaType,
        Digest digest,
        long size,
        Compression compression,
        Digest diffId,
        List<String> urls,
        Map<String, String> annotations,
        boolean present,
        String location) {

    public LayerRef {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(location, "location");
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        if (size < -1) {
            throw new IllegalArgumentException("layer size " + size);
        }
    }

    /** A layer described by a manifest descriptor. */
    public static LayerRef fromDescriptor(Descriptor d, Digest diffId, boolean present, String location) {
        return new LayerRef(d.mediaType(), d.digest(), d.size(), d.mediaType().declaredCompression(), diffId,
                d.urls(), d.annotations(), present, location);
    }

    public boolean foreign() {
        return mediaType.isForeignLayer();
    }

    /** The manifest descriptor, once digest and size are known. */
    public Descriptor descriptor() {
        if (digest == null || size < 0) {
            throw new IllegalStateException("layer " + location + " has no known digest and size yet");
        }
        return new Descriptor(mediaType, digest, size, urls, annotations, null, null, null);
    }
}
