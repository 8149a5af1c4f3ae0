package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.it.support.Processes;
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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * skopeo pushes (Docker schema2, skopeo's gzip), ociconv pulls into docker save and OCI forms:
 * config and diffIDs as skopeo sees them in the registry, and skopeo reads what we wrote.
 */
class SkopeoPushOciconvPullIT {
    private static TestRegistry registry;
    private static RandomImages.Archive archive;
    private static byte[] registryManifest;
    private static byte[] registryConfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        archive = new RandomImages(11).write(dir.resolve("testimage.tar"), RandomImages.Spec.of(4).withExtras());
        Skopeo.copy("docker-archive:" + archive.file(), registry.docker("testuser/testimage:v2"));
        registryManifest = Skopeo.rawManifest(registry.docker("testuser/testimage:v2"));
        registryConfig = Skopeo.rawConfig(registry.docker("testuser/testimage:v2"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    /** The "done when": {@code ociconv pull localhost:PORT/testuser/testimage:v2 testimage2.tar}. */
    @Test
    void pullIntoDockerSaveReadsInSkopeo(@TempDir Path dir) throws IOException {
        String ref = registry.isLocal()
                ? registry.ref("testuser/testimage:v2").replace("127.0.0.1:", "localhost:")
                : registry.ref("testuser/testimage:v2");
        Path out = dir.resolve("testimage2.tar");
        Cli.ok("pull", ref, out.toString());

        String saved = "docker-archive:" + out;
        assertArrayEquals(registryConfig, Skopeo.rawConfig(saved), "config copied byte for byte (same image ID)");
        JsonNode info = Skopeo.inspect(saved);
        assertEquals(diffIds(registryConfig), texts(info.get("Layers")), "layer.tar files hash to the diffIDs");
        assertEquals(archive.images().get(0).diffIds().stream().map(Digest::toString).toList(), diffIds(registryConfig));
        byte[] manifestJson = Processes.run(java.time.Duration.ofSeconds(30),
                List.of("tar", "-xOf", out.toString(), "manifest.json")).ok().stdout();
        assertEquals(List.of(ref), texts(Skopeo.json(manifestJson).get(0).get("RepoTags")), "docker load tags it as pulled");
    }

    @Test
    void pullIntoOciLayoutKeepsTheRegistrysBlobs(@TempDir Path dir) throws IOException {
        Path layout = dir.resolve("layout");
        Cli.ok("pull", "--quiet", "--to", "oci", registry.ref("testuser/testimage:v2"), layout.toString());

        Digest root = Layouts.onlyRoot(layout);
        JsonNode served = Skopeo.json(registryManifest);
        JsonNode manifest = Layouts.json(layout, root);
        if (served.path("mediaType").asText().startsWith("application/vnd.oci.")) {
            assertEquals(Digest.sha256(registryManifest), root, "an OCI manifest is kept byte for byte");
        } else {
            // skopeo pushed Docker schema2: a layout holds OCI manifests, so the manifest is re-authored
            assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType").asText());
        }
        assertEquals(Digest.sha256(registryConfig).toString(), manifest.get("config").get("digest").asText());
        List<String> servedLayers = new java.util.ArrayList<>();
        served.get("layers").forEach(l -> servedLayers.add(l.get("digest").asText()));
        List<String> storedLayers = new java.util.ArrayList<>();
        manifest.get("layers").forEach(l -> storedLayers.add(l.get("digest").asText()));
        assertEquals(servedLayers, storedLayers, "the registry's layer blobs kept as served");
        for (JsonNode layer : manifest.get("layers")) {
            Path blob = Layouts.blobPath(layout, Digest.parse(layer.get("digest").asText()));
            assertEquals(layer.get("size").asLong(), Files.size(blob), "compressed blob written once, as served");
        }
        JsonNode info = Skopeo.inspect("oci:" + layout);
        assertEquals(Skopeo.json(registryConfig).get("architecture").asText(), info.get("Architecture").asText());
        assertArrayEquals(registryConfig, Skopeo.rawConfig("oci:" + layout));
    }

    @Test
    void pullIntoDocker25AndOciArchiveReadsInSkopeo(@TempDir Path dir) throws IOException {
        Path d25 = dir.resolve("d25.tar");
        Cli.ok("pull", "--quiet", "--to", "docker25", registry.ref("testuser/testimage:v2"), d25.toString());
        assertArrayEquals(registryConfig, Skopeo.rawConfig("docker-archive:" + d25));

        Path ociTar = dir.resolve("oci.tar");
        Cli.ok("pull", "--quiet", "--to", "oci-archive", registry.ref("testuser/testimage:v2"), ociTar.toString());
        assertArrayEquals(registryConfig, Skopeo.rawConfig("oci-archive:" + ociTar));
    }

    @Test
    void pullOfAMissingTagFailsAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("missing.tar");
        assertEquals(1, Cli.run("pull", "--quiet", registry.ref("testuser/testimage:nope"), out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void tagsListsWhatSkopeoPushed() throws IOException {
        Skopeo.copy(registry.docker("testuser/testimage:v2"), registry.docker("testuser/testimage:v3"));
        var out = new java.io.ByteArrayOutputStream();
        var saved = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Cli.ok("tags", registry.hostPort() + "/" + registry.repository("testuser/testimage"));
        } finally {
            System.setOut(saved);
        }
        String listed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(listed.contains("v2") && listed.contains("v3"), listed);
    }

    private static List<String> diffIds(byte[] config) throws IOException {
        return texts(Skopeo.json(config).get("rootfs").get("diff_ids"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
