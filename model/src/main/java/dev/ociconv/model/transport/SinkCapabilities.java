package dev.ociconv.model.transport;

import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sink accepts, so the copier can adapt the image without the sink converting anything.
 *
 * @param manifestTypes         manifest types the sink stores, preferred first
 * @param acceptsIndexes        whether indexes (multi-platform) can be stored
 * @param requiredLayerCompression the one layer compression the sink can store (docker save: NONE), if any
 * @param defaultLayerCompression  what uncompressed layers become when the user says nothing
 *                                 (registry: GZIP); empty keeps layers as they come
 * @param authorsDockerManifests   true when a manifest we author should use Docker schema2 types
 * @param acceptsArtifacts         whether manifests that are not images (signatures, SBOMs,
 *                                 attestations: {@link ArtifactNode}) can be stored as they are
 * @param needsEveryLayer          true when every layer's bytes must be there (a docker save archive:
 *                                 {@code docker load} opens each); false where a non-distributable layer may
 *                                 stay a reference to its urls (a layout, as image-spec allows; a registry)
 */
public record SinkCapabilities(
        List<MediaType> manifestTypes,
        boolean acceptsIndexes,
        Optional<Compression> requiredLayerCompression,
        Optional<Compression> defaultLayerCompression,
        boolean authorsDockerManifests,
        boolean acceptsArtifacts,
        boolean needsEveryLayer) {

    /** A sink where a non-distributable layer may stay a reference. */
    public SinkCapabilities(List<MediaType> manifestTypes, boolean acceptsIndexes, Optional<Compression> requiredLayerCompression,
                            Optional<Compression> defaultLayerCompression, boolean authorsDockerManifests, boolean acceptsArtifacts) {
        this(manifestTypes, acceptsIndexes, requiredLayerCompression, defaultLayerCompression, authorsDockerManifests, acceptsArtifacts, false);
    }

    public SinkCapabilities {
        manifestTypes = List.copyOf(manifestTypes);
        Objects.requireNonNull(requiredLayerCompression);
        Objects.requireNonNull(defaultLayerCompression);
    }

    public boolean acceptsManifest(MediaType type) {
        return manifestTypes.contains(type);
    }
}
