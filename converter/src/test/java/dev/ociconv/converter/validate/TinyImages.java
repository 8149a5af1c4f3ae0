package dev.ociconv.converter.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.digest.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Valid one-layer images as a map of file name → bytes, written with Jackson and {@link TestTar}
 * only, so a test can break exactly one thing before writing them out.
 */
final class TinyImages {
    static final ObjectMapper JSON = new ObjectMapper();

    static final byte[] LAYER = TestTar.create().file("hello.txt", "hello\n").toBytes();
    static final Digest DIFF_ID = Digest.sha256(LAYER);
    static final String V1 = "a".repeat(64);

    private TinyImages() {
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> config(List<Digest> diffIds) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architecture", "amd64");
        c.put("os", "linux");
        c.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds.stream().map(Digest::toString).toList()));
        return c;
    }

    /** A legacy docker save archive: one v1 directory, config, manifest.json, repositories. */
    static Map<String, byte[]> dockerArchive() {
        byte[] config = json(config(List.of(DIFF_ID)));
        String configName = Digest.sha256(config).hex() + ".json";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(V1 + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
        files.put(V1 + "/json", json(Map.of("id", V1, "created", "1970-01-01T00:00:00Z")));
        files.put(V1 + "/layer.tar", LAYER);
        files.put(configName, config);
        files.put("manifest.json", json(List.of(manifestEntry(configName, List.of("testuser/testimage:v1"),
                List.of(V1 + "/layer.tar")))));
        files.put("repositories", json(Map.of("testuser/testimage", Map.of("v1", V1))));
        return files;
    }

    static Map<String, Object> manifestEntry(String config, List<String> tags, List<String> layers) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Config", config);
        e.put("RepoTags", tags);
        e.put("Layers", layers);
        return e;
    }

    static String configName(Map<String, byte[]> dockerArchive) {
        return dockerArchive.keySet().stream().filter(k -> k.endsWith(".json") && !k.equals("manifest.json"))
                .findFirst().orElseThrow();
    }

    /** An OCI layout: oci-layout, index.json (ref.name v1), manifest, config, one uncompressed layer. */
    static Map<String, byte[]> ociLayout() {
        return ociLayout(m -> { }, e -> { });
    }

    /** An OCI layout whose manifest and index entry the hooks may change before they are hashed. */
    static Map<String, byte[]> ociLayout(java.util.function.Consumer<Map<String, Object>> manifestHook,
                                         java.util.function.Consumer<Map<String, Object>> entryHook) {
        byte[] config = json(config(List.of(DIFF_ID)));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", config));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", LAYER)));
        manifestHook.accept(manifest);
        byte[] manifestBytes = json(manifest);
        Map<String, Object> entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        entry.put("annotations", Map.of("org.opencontainers.image.ref.name", "v1"));
        entryHook.accept(entry);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", json(Map.of("imageLayoutVersion", "1.0.0")));
        files.put("index.json", json(Map.of("schemaVersion", 2, "mediaType", "application/vnd.oci.image.index.v1+json",
                "manifests", List.of(entry))));
        files.put(blob(manifestBytes), manifestBytes);
        files.put(blob(config), config);
        files.put(blob(LAYER), LAYER);
        return files;
    }

    static Map<String, Object> descriptor(String mediaType, byte[] content) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", Digest.sha256(content).toString());
        d.put("size", content.length);
        return d;
    }

    static String blob(byte[] content) {
        return "blobs/sha256/" + Digest.sha256(content).hex();
    }

    static Path writeTar(Map<String, byte[]> files, Path target) throws IOException {
        TestTar tar = TestTar.create();
        files.forEach(tar::file);
        return tar.writeTo(target);
    }

    static Path writeDir(Map<String, byte[]> files, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return dir;
    }
}
