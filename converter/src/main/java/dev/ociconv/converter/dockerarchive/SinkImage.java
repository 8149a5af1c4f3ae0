package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.ImageName;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * One image as {@link DockerArchiveSink} will save it: what {@code docker save}'s
 * {@code imageDescriptor} holds in moby (the image, its tags), plus what we learnt from the
 * copy: the manifest's layer descriptors and the zone for the v1 epoch.
 *
 * @param config   the config's exact bytes (their digest is the image ID)
 * @param diffIds  {@code rootfs.diff_ids}, parallel to {@code manifest.layers()}
 * @param refs     tagged names, in the order given, without duplicates
 * @param parent   the image ID of the parent image, or {@code null}
 * @param zone     the zone the intermediate layers' epoch is rendered in
 */
record SinkImage(Digest configDigest, byte[] config, List<Digest> diffIds, ImageManifest manifest,
                 List<ImageName> refs, Digest parent, ZoneOffset zone) {
    SinkImage {
        Objects.requireNonNull(configDigest);
        Objects.requireNonNull(config);
        diffIds = List.copyOf(diffIds);
        Objects.requireNonNull(manifest);
        refs = List.copyOf(refs);
        Objects.requireNonNull(zone);
    }

    Descriptor layer(int i) {
        return manifest.layers().get(i);
    }

    /**
     * Whether layer {@code i}'s uncompressed bytes (digest = diffID) were put. A foreign layer may
     * be absent (its archive is then sparse, as go-containerregistry writes them); any other
     * missing layer is an error naming it.
     */
    boolean layerPresent(int i, StagedBlobWriter blobs) throws IOException {
        Digest diffId = diffIds.get(i);
        if (blobs.has(diffId, -1)) {
            return true;
        }
        Descriptor d = layer(i);
        if (d.mediaType().isForeignLayer()) {
            return false;
        }
        if (blobs.has(d.digest(), -1)) {
            throw new IOException("image " + configDigest + " layer " + i + " " + d.digest() + ": stored compressed ("
                    + d.mediaType() + "); docker save archives hold uncompressed layers (digest = diff_id " + diffId + ")");
        }
        throw new IOException("image " + configDigest + " layer " + i + " (diff_id " + diffId + "): blob was never put");
    }
}
