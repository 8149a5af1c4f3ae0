package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageManifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One image: its manifest (absent when the source has none, as in a legacy {@code docker save}
 * archive: the copier then authors one), its config as exact bytes, and its layers, bottom first.
 *
 * <p>Sources guarantee that {@code layers} and the config's {@code rootfs.diff_ids} have the
 * same length; each {@link LayerRef#diffId()} comes from the config.
 */
public record ManifestNode(
        Optional<RawDocument> manifestRaw,
        Optional<ImageManifest> manifest,
        RawDocument config,
        ImageConfig parsedConfig,
        List<LayerRef> layers) implements ImageNode {

    public ManifestNode {
        Objects.requireNonNull(manifestRaw);
        Objects.requireNonNull(manifest);
        Objects.requireNonNull(config);
        Objects.requireNonNull(parsedConfig);
        layers = List.copyOf(layers);
        if (manifestRaw.isPresent() != manifest.isPresent()) {
            throw new IllegalArgumentException("manifest bytes and parsed manifest must come together");
        }
    }

    @Override
    public Optional<RawDocument> document() {
        return manifestRaw;
    }
}
