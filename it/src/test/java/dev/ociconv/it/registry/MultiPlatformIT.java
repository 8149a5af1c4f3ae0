package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BuildKit's two-platform layout (index.json → nested index → linux/amd64 + linux/arm64) pushed
 * with {@code --all}, then pulled with {@code --platform} and {@code --all}.
 */
class MultiPlatformIT {
    private static final String SAMPLE = "oci-dir-buildkit-multiplatform-nested-index/layout";
    private static TestRegistry registry;
    private static Digest index;

    @BeforeAll
    static void start() throws IOException {
        Skopeo.assumeInstalled();
        Path layout = Samples.sample(SAMPLE);
        registry = TestRegistry.start();
        index = Layouts.onlyRoot(layout);
        Cli.ok("push", "--quiet", "--all", "oci:" + layout, registry.ref("multi/app:v1"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theIndexIsPushedByteForByteWithBothPlatforms() throws IOException {
        byte[] raw = Skopeo.rawManifest(registry.docker("multi/app:v1"));
        assertEquals(index, Digest.sha256(raw), "the layout's nested index, unchanged");
        JsonNode manifests = Skopeo.json(raw).get("manifests");
        assertEquals(2, manifests.size());
        for (JsonNode m : manifests) {
            String platform = m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText();
            // skopeo fetches each platform's manifest and config by digest: all of them are there
            JsonNode info = Skopeo.inspect(registry.docker("multi/app@" + m.get("digest").asText()));
            assertEquals(platform, info.get("Os").asText() + "/" + info.get("Architecture").asText());
        }
    }

    @Test
    void pullOnePlatform(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("arm64");
        Cli.ok("pull", "--quiet", "--platform", "linux/arm64", "--to", "oci", registry.ref("multi/app:v1"), out.toString());
        Digest root = Layouts.onlyRoot(out);
        assertNotEquals(index, root);
        JsonNode manifest = Layouts.json(out, root);
        assertTrue(manifest.get("mediaType").asText().endsWith("manifest.v1+json"), manifest.toString());
        JsonNode config = Layouts.json(out, Digest.parse(manifest.get("config").get("digest").asText()));
        assertEquals("arm64", config.get("architecture").asText());
        assertEquals("arm64", Skopeo.inspect("oci:" + out).get("Architecture").asText());
    }

    @Test
    void pullAllPlatforms(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("all");
        Cli.ok("pull", "--quiet", "--all", "--to", "oci", registry.ref("multi/app:v1"), out.toString());
        assertEquals(index, Layouts.onlyRoot(out), "the index kept as pushed");
        for (JsonNode m : Layouts.json(out, index).get("manifests")) {
            JsonNode manifest = Layouts.json(out, Digest.parse(m.get("digest").asText()));
            assertTrue(Files.exists(Layouts.blobPath(out, Digest.parse(manifest.get("config").get("digest").asText()))));
            for (JsonNode layer : manifest.get("layers")) {
                assertTrue(Files.exists(Layouts.blobPath(out, Digest.parse(layer.get("digest").asText()))));
            }
        }
        // skopeo reads the copy whole, every platform
        Skopeo.run("copy", "--quiet", "--all", "oci:" + out, "dir:" + dir.resolve("skopeo-dir"));
    }

    @Test
    void allIsRefusedForADockerArchive(@TempDir Path dir) {
        assertEquals(1, Cli.run("pull", "--quiet", "--all", registry.ref("multi/app:v1"), dir.resolve("x.tar").toString()));
        assertTrue(Files.notExists(dir.resolve("x.tar")));
    }
}
