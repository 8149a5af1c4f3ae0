package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.GoJson;
import dev.ociconv.model.spec.Platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON documents of a {@code docker save} archive, as moby's Go structs encode them
 * (see {@link GoJson} for the encoding rules).
 */
final class SaveJsonWriter {
    private SaveJsonWriter() {
    }

    /**
     * One {@code manifestItem} (moby image/tarexport/tarexport.go): {@code Config}, {@code RepoTags}
     * and {@code Layers} always ({@code null} when nil), {@code Parent} and {@code LayerSources}
     * only when set.
     */
    static String manifestItem(String config, List<String> repoTags, List<String> layers, Digest parent,
                               Map<Digest, Descriptor> layerSources) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Config", GoJson.string(config));
        m.put("RepoTags", GoJson.stringList(repoTags.isEmpty() ? null : repoTags));
        m.put("Layers", GoJson.stringList(layers.isEmpty() ? null : layers));
        if (parent != null) {
            m.put("Parent", GoJson.string(parent.toString()));
        }
        if (!layerSources.isEmpty()) {
            Map<String, String> sources = new LinkedHashMap<>();
            layerSources.forEach((diffId, d) -> sources.put(diffId.toString(), distributionDescriptor(d)));
            m.put("LayerSources", GoJson.sortedObject(sources));
        }
        return GoJson.object(m);
    }

    /** {@code []manifestItem} as written by {@code json.Marshal}. */
    static String array(List<String> items) {
        return items.isEmpty() ? "null" : "[" + String.join(",", items) + "]";
    }

    /** docker/distribution's {@code Descriptor}: mediaType, size, digest, urls, annotations, platform. */
    static String distributionDescriptor(Descriptor d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mediaType", GoJson.string(d.mediaType().toString()));
        if (d.size() != 0) {
            m.put("size", Long.toString(d.size()));
        }
        m.put("digest", GoJson.string(d.digest().toString()));
        if (!d.urls().isEmpty()) {
            m.put("urls", GoJson.stringList(d.urls()));
        }
        if (!d.annotations().isEmpty()) {
            m.put("annotations", GoJson.stringMap(d.annotations()));
        }
        if (d.platform() != null) {
            m.put("platform", platform(d.platform()));
        }
        return GoJson.object(m);
    }

    /** The OCI {@code Descriptor} of image-spec's Go types: mediaType, digest, size, urls, annotations, data, platform. */
    static String ociDescriptor(String mediaType, Digest digest, long size, List<String> urls,
                                Map<String, String> annotations, Platform platform) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mediaType", GoJson.string(mediaType));
        m.put("digest", GoJson.string(digest.toString()));
        m.put("size", Long.toString(size));
        if (!urls.isEmpty()) {
            m.put("urls", GoJson.stringList(urls));
        }
        if (annotations != null && !annotations.isEmpty()) {
            m.put("annotations", GoJson.stringMap(annotations));
        }
        if (platform != null) {
            m.put("platform", platform(platform));
        }
        return GoJson.object(m);
    }

    /** image-spec's Go {@code Platform}: architecture and os always, the rest when set. */
    static String platform(Platform p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", GoJson.string(nz(p.architecture())));
        m.put("os", GoJson.string(nz(p.os())));
        if (!nz(p.osVersion()).isEmpty()) {
            m.put("os.version", GoJson.string(p.osVersion()));
        }
        if (!p.osFeatures().isEmpty()) {
            m.put("os.features", GoJson.stringList(p.osFeatures()));
        }
        if (!nz(p.variant()).isEmpty()) {
            m.put("variant", GoJson.string(p.variant()));
        }
        return GoJson.object(m);
    }

    /** The {@code repositories} file: repository → tag → v1 ID, as {@code json.Encoder} writes it (newline). */
    static String repositories(Map<String, Map<String, String>> repos) {
        Map<String, String> raw = new LinkedHashMap<>();
        repos.forEach((repo, tags) -> raw.put(repo, GoJson.stringMap(tags)));
        return GoJson.sortedObject(raw) + "\n";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
