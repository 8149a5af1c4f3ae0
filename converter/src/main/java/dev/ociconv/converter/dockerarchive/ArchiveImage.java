package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One image of a {@code docker save} archive, as {@code manifest.json} lists it, with its config
 * read and checked.
 *
 * @param position     index in manifest.json
 * @param names        RepoTags as written (or, when none, the index.json names); may be empty
 * @param configPath   normalised path of the config file
 * @param config       the config's exact bytes
 * @param parsedConfig the config, parsed
 * @param layerPaths   normalised layer paths, bottom first, as many as the config's diff_ids
 * @param layerSources LayerSources: diffID → descriptor (foreign layers)
 * @param root         what {@code entries()} offers: the config, or the manifest index.json names for it
 * @param saveAnnotations this image's {@link SaveAnnotations#ofImage} (Parent, zone), set on the root offered
 */
record ArchiveImage(
        int position,
        List<String> names,
        String configPath,
        RawDocument config,
        ImageConfig parsedConfig,
        List<String> layerPaths,
        Map<Digest, Descriptor> layerSources,
        Descriptor root,
        Map<String, String> saveAnnotations) {

    ArchiveImage {
        names = List.copyOf(names);
        Objects.requireNonNull(config);
        Objects.requireNonNull(parsedConfig);
        layerPaths = List.copyOf(layerPaths);
        layerSources = Map.copyOf(layerSources);
        Objects.requireNonNull(root);
        saveAnnotations = Map.copyOf(saveAnnotations);
    }

    Digest configDigest() {
        return config.digest();
    }

    ArchiveImage withRoot(Descriptor newRoot, List<String> newNames) {
        return new ArchiveImage(position, newNames, configPath, config, parsedConfig, layerPaths, layerSources, newRoot, saveAnnotations);
    }
}
