package dev.ociconv.model.spec;

import dev.ociconv.model.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes one tiny document of each kind, so that Jackson's first look at our records
 * (introspection, creators, serializers: a few hundred classes run once, interpreted) is done
 * before the documents of a real copy arrive. The CLI runs it on a second thread while it is
 * still parsing its arguments; on two cores that takes about a tenth of a second off every
 * command that reads an image. It has no effect other than time.
 */
public final class SpecWarmUp {
    private static final String DIGEST = "sha256:" + "0".repeat(64);
    private static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\","
            + "\"config\":{\"Env\":[\"A=b\"],\"Cmd\":[\"/bin/sh\"],\"Labels\":{\"a\":\"b\"}},"
            + "\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"x\"}],"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIGEST + "\"]}}";
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIGEST + "\",\"size\":1},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + DIGEST
            + "\",\"size\":1,\"annotations\":{\"a\":\"b\"}}],\"annotations\":{\"a\":\"b\"}}";
    private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST
            + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},"
            + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}";
    private static final String SAVE_MANIFEST = "[{\"Config\":\"" + "0".repeat(64) + ".json\",\"RepoTags\":[\"a:b\"],"
            + "\"Layers\":[\"x/layer.tar\"]}]";

    private SpecWarmUp() {
    }

    public static void run() {
        try {
            ImageConfig.parse(bytes(CONFIG), "warm-up");
            Json.write(ImageManifest.parse(bytes(MANIFEST), "warm-up"));
            Json.write(ImageIndex.parse(bytes(INDEX), "warm-up"));
            ArchiveManifestEntry.parseList(bytes(SAVE_MANIFEST), "warm-up");
        } catch (RuntimeException | java.io.IOException e) {
            // only time was at stake
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
