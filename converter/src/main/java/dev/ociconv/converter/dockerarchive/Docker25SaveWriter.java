package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.GoJson;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.spec.V1Image;
import dev.ociconv.model.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lays out the {@code docker save} tree of Docker 25 (graph-driver store), as the Docker 25.0
 * archive in our samples shows it: an OCI image layout that {@code docker load} of any version
 * also reads through {@code manifest.json}.
 * <ul>
 *   <li>{@code blobs/sha256/}: the config, every layer (uncompressed, named by diffID), the v1
 *       config of each layer (still written, by nothing referenced), and an OCI manifest per
 *       image listing the layers as {@code application/vnd.oci.image.layer.v1.tar} and the
 *       config with the image's platform;</li>
 *   <li>{@code index.json}: one descriptor per tag with {@code io.containerd.image.name} (full
 *       name) and {@code org.opencontainers.image.ref.name} (the tag); {@code "manifests":null}
 *       when nothing is tagged; no trailing newline;</li>
 *   <li>{@code manifest.json}: paths under {@code blobs/sha256/}, {@code LayerSources} for every
 *       layer, newline-terminated ({@code json.Encoder}); {@code repositories} as before; {@code oci-layout}
 *       {@code {"imageLayoutVersion": "1.0.0"}} (with Go's literal space);</li>
 *   <li>times: config, layers and their v1 configs and {@code blobs/} get the image's
 *       {@code created} (left at the time of saving when the config has none); the OCI
 *       manifests, {@code manifest.json}, {@code repositories}, {@code oci-layout} the epoch;
 *       {@code blobs/sha256/} and {@code index.json} the time of saving.</li>
 * </ul>
 */
final class Docker25SaveWriter {
    private static final String OCI_LAYOUT = "{\"imageLayoutVersion\": \"1.0.0\"}";

    private Docker25SaveWriter() {
    }

    static SaveTreeWriter layout(List<SinkImage> images, StagedBlobWriter blobs, long now) throws IOException {
        SaveTreeWriter tree = new SaveTreeWriter();
        tree.dir("blobs", now);
        tree.dir("blobs/sha256", now);
        Set<String> savedLayers = new HashSet<>();
        Set<Digest> savedImages = new HashSet<>();
        images.forEach(i -> savedImages.add(i.configDigest()));
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        List<String> items = new ArrayList<>();
        List<String> indexEntries = new ArrayList<>();

        for (SinkImage image : images) {
            String what = "image " + image.configDigest();
            List<LegacyIds.V1Layer> v1 = LegacyIds.v1Layers(image.config(), image.zone(), true, what + " config");
            OffsetDateTime createdTime = V1Image.fromImageConfig(image.config(), true, what).created();
            long created = createdTime == null ? now : SaveTreeWriter.chtimes(createdTime);
            List<String> layerPaths = new ArrayList<>();
            List<String> ociLayers = new ArrayList<>();
            Map<Digest, Descriptor> sources = new LinkedHashMap<>();
            for (int i = 0; i < v1.size(); i++) {
                LegacyIds.V1Layer layer = v1.get(i);
                Descriptor given = image.layer(i);
                boolean present = image.layerPresent(i, blobs);
                long size = present ? blobs.size(layer.diffId()).orElseThrow() : given.size();
                Descriptor source = given.mediaType().isForeignLayer() ? given
                        : new Descriptor(MediaType.OCI_LAYER, layer.diffId(), size);
                sources.put(layer.diffId(), source);
                ociLayers.add(SaveJsonWriter.ociDescriptor(source.mediaType().toString(), source.digest(), source.size(),
                        source.urls(), null, null));
                String layerPath = "blobs/sha256/" + layer.diffId().hex();
                layerPaths.add(layerPath);
                if (!savedLayers.add(layer.id())) {
                    continue;
                }
                String v1Path = "blobs/sha256/" + Digest.sha256(layer.json()).hex();
                tree.file(v1Path, layer.json(), now);
                if (present && !tree.exists(layerPath)) {
                    tree.blob(layerPath, layer.diffId(), size, created);
                    tree.touch(v1Path, created);
                    tree.touch("blobs", created);
                }
            }
            tree.file("blobs/sha256/" + image.configDigest().hex(), image.config(), created);
            tree.touch("blobs", created);

            Platform platform = platformOf(image.config());
            String manifest = "{\"schemaVersion\":2,\"mediaType\":" + GoJson.string(MediaType.OCI_MANIFEST.toString())
                    + ",\"config\":" + SaveJsonWriter.ociDescriptor(MediaType.OCI_CONFIG.toString(), image.configDigest(),
                    image.config().length, List.of(), null, platform)
                    + ",\"layers\":" + SaveJsonWriter.array(ociLayers) + "}";
            byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
            Digest manifestDigest = Digest.sha256(manifestBytes);
            tree.file("blobs/sha256/" + manifestDigest.hex(), manifestBytes, 0);
            tree.manifestOf(image.configDigest(), manifestDigest);

            List<String> repoTags = new ArrayList<>();
            for (ImageName ref : image.refs()) {
                if (!v1.isEmpty()) {
                    repositories.computeIfAbsent(ref.familiarRepository(), k -> new TreeMap<>())
                            .put(ref.tag(), v1.get(v1.size() - 1).id());
                }
                repoTags.add(ref.familiar());
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(Annotations.CONTAINERD_IMAGE_NAME, ref.toString());
                annotations.put(Annotations.REF_NAME, ref.tag());
                indexEntries.add(SaveJsonWriter.ociDescriptor(MediaType.OCI_MANIFEST.toString(), manifestDigest,
                        manifestBytes.length, List.of(), annotations, platform));
            }
            Digest parent = image.parent() != null && savedImages.contains(image.parent())
                    && !image.parent().equals(image.configDigest()) ? image.parent() : null;
            items.add(SaveJsonWriter.manifestItem("blobs/sha256/" + image.configDigest().hex(), repoTags, layerPaths,
                    parent, sources));
        }
        if (!repositories.isEmpty()) {
            tree.file("repositories", SaveJsonWriter.repositories(repositories).getBytes(StandardCharsets.UTF_8), 0);
        }
        tree.file("manifest.json", (SaveJsonWriter.array(items) + "\n").getBytes(StandardCharsets.UTF_8), 0);
        tree.file("oci-layout", OCI_LAYOUT.getBytes(StandardCharsets.UTF_8), 0);
        String index = "{\"schemaVersion\":2,\"mediaType\":" + GoJson.string(MediaType.OCI_INDEX.toString())
                + ",\"manifests\":" + SaveJsonWriter.array(indexEntries) + "}";
        tree.file("index.json", index.getBytes(StandardCharsets.UTF_8), now);
        return tree;
    }

    /** moby's {@code image.Platform()}: the config's platform through containerd's {@code platforms.Normalize}. */
    static Platform platformOf(byte[] config) throws IOException {
        JsonNode c = Json.parseTree(config, "image config");
        String os = text(c, "os").toLowerCase(Locale.ROOT);
        String arch = text(c, "architecture").toLowerCase(Locale.ROOT);
        String variant = text(c, "variant");
        switch (arch) {
            case "i386" -> {
                arch = "386";
                variant = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                variant = variant.equals("v1") ? "" : variant;
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                variant = switch (variant) {
                    case "8", "v8", "v8.0" -> "";
                    case "9", "9.0", "v9.0" -> "v9";
                    default -> variant;
                };
            }
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            case "arm" -> variant = switch (variant) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + variant;
                default -> variant;
            };
            default -> {
            }
        }
        List<String> features = new ArrayList<>();
        JsonNode f = c.get("os.features");
        if (f != null && f.isArray()) {
            f.forEach(n -> features.add(n.asText()));
        }
        String osVersion = text(c, "os.version");
        return new Platform(arch, os, osVersion.isEmpty() ? null : osVersion, features, variant.isEmpty() ? null : variant);
    }

    private static String text(JsonNode c, String key) {
        JsonNode v = c.get(key);
        return v != null && v.isTextual() ? v.textValue() : "";
    }
}
