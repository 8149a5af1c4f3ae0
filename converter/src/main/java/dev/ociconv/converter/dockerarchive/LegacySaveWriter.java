package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.spec.V1Image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lays out the legacy {@code docker save} tree as moby v24 does (image/tarexport/save.go,
 * {@code saveImage} and {@code saveLayer}), image by image in the order given:
 * <ul>
 *   <li>per layer, a directory named by its v1 ID ({@link LegacyIds}) holding {@code VERSION}
 *       ({@code 1.0}), {@code json} (the v1 config) and {@code layer.tar}; a v1 ID already written
 *       is skipped; a diffID already written under another v1 ID becomes a relative symlink
 *       {@code ../<first v1 id>/layer.tar};</li>
 *   <li>times: a newly written layer's directory, {@code VERSION}, {@code json} and
 *       {@code layer.tar} get the image's {@code created} (clamped to the epoch when earlier or
 *       absent); a symlinked layer's keep the time of saving; {@code <config hex>.json} gets
 *       {@code created}; {@code manifest.json} and {@code repositories} the epoch;</li>
 *   <li>{@code manifest.json}: one item per image ({@code Config}, {@code RepoTags} in familiar form
 *       or {@code null}, {@code Layers}, {@code Parent} when the parent is saved too,
 *       {@code LayerSources} for foreign layers), then a newline ({@code json.Encoder});</li>
 *   <li>{@code repositories}: familiar repository → tag → top v1 ID, written only when some image
 *       is tagged, newline-terminated.</li>
 * </ul>
 */
final class LegacySaveWriter {
    private LegacySaveWriter() {
    }

    /** What the layout needs of a layer's bytes: their size when present, empty when left out (a foreign layer). */
    interface LayerSizes {
        OptionalLong of(SinkImage image, int layer) throws IOException;

        /** The sizes of the blobs put into {@code blobs}. */
        static LayerSizes stored(StagedBlobWriter blobs) {
            return (image, i) -> image.layerPresent(i, blobs)
                    ? OptionalLong.of(blobs.size(image.diffIds().get(i)).orElseThrow()) : OptionalLong.empty();
        }
    }

    static SaveTreeWriter layout(List<SinkImage> images, StagedBlobWriter blobs, long now) throws IOException {
        return layout(images, LayerSizes.stored(blobs), now);
    }

    static SaveTreeWriter layout(List<SinkImage> images, LayerSizes sizes, long now) throws IOException {
        SaveTreeWriter tree = new SaveTreeWriter();
        Set<String> savedLayers = new HashSet<>();
        Map<Digest, String> diffIdPaths = new HashMap<>();
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        Set<Digest> savedImages = new HashSet<>();
        images.forEach(i -> savedImages.add(i.configDigest()));
        List<String> items = new ArrayList<>();

        for (SinkImage image : images) {
            String what = "image " + image.configDigest();
            List<LegacyIds.V1Layer> v1 = LegacyIds.v1Layers(image.config(), image.zone(), false, what + " config");
            long created = SaveTreeWriter.chtimes(V1Image.fromImageConfig(image.config(), false, what).created());
            List<String> layerPaths = new ArrayList<>();
            Map<Digest, Descriptor> foreign = new LinkedHashMap<>();
            for (int i = 0; i < v1.size(); i++) {
                LegacyIds.V1Layer layer = v1.get(i);
                Descriptor descriptor = image.layer(i);
                String layerPath = layer.id() + "/layer.tar";
                layerPaths.add(layerPath);
                if (descriptor.mediaType().isForeignLayer()) {
                    foreign.put(layer.diffId(), descriptor);
                }
                if (!savedLayers.add(layer.id())) {
                    continue;
                }
                tree.dir(layer.id(), now);
                tree.file(layer.id() + "/VERSION", "1.0".getBytes(StandardCharsets.US_ASCII), now);
                tree.file(layer.id() + "/json", layer.json(), now);
                String first = diffIdPaths.get(layer.diffId());
                if (first != null) {
                    tree.symlink(layerPath, "../" + first, now);
                    continue;
                }
                OptionalLong size = sizes.of(image, i);
                if (size.isPresent()) {
                    tree.blob(layerPath, layer.diffId(), size.getAsLong(), created);
                    diffIdPaths.put(layer.diffId(), layerPath);
                }
                for (String name : List.of(layer.id(), layer.id() + "/VERSION", layer.id() + "/json")) {
                    tree.touch(name, created);
                }
            }
            tree.file(image.configDigest().hex() + ".json", image.config(), created);

            List<String> repoTags = new ArrayList<>();
            for (ImageName ref : image.refs()) {
                if (!v1.isEmpty()) { // Docker refuses zero-layer images; we save them, without a repositories line
                    repositories.computeIfAbsent(ref.familiarRepository(), k -> new TreeMap<>())
                            .put(ref.tag(), v1.get(v1.size() - 1).id());
                }
                repoTags.add(ref.familiar());
            }
            Digest parent = image.parent() != null && savedImages.contains(image.parent())
                    && !image.parent().equals(image.configDigest()) ? image.parent() : null;
            items.add(SaveJsonWriter.manifestItem(image.configDigest().hex() + ".json", repoTags, layerPaths, parent, foreign));
        }
        if (!repositories.isEmpty()) {
            tree.file("repositories", SaveJsonWriter.repositories(repositories).getBytes(StandardCharsets.UTF_8), 0);
        }
        tree.file("manifest.json", (SaveJsonWriter.array(items) + "\n").getBytes(StandardCharsets.UTF_8), 0);
        return tree;
    }
}
