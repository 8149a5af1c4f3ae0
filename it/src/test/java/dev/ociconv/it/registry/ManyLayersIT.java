package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An image of 22 layers, four at a time each way: nothing lost, reordered or changed. */
class ManyLayersIT {
    private static final int LAYERS = 22;
    private static TestRegistry registry;
    private static RandomImages.Archive archive;
    private static byte[] pushed;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        archive = new RandomImages(31).write(dir.resolve("many.tar"), RandomImages.Spec.of(LAYERS).withBigFile(3L << 20));
        Cli.ok("push", "--quiet", "--jobs", "4", archive.file().toString(), registry.ref("many/app:v1"));
        pushed = Skopeo.rawManifest(registry.docker("many/app:v1"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushedInOrder() throws IOException {
        JsonNode manifest = Skopeo.json(pushed);
        assertEquals(LAYERS, manifest.get("layers").size());
        JsonNode config = Skopeo.json(Skopeo.rawConfig(registry.docker("many/app:v1")));
        assertEquals(archive.images().get(0).diffIds().stream().map(Digest::toString).toList(),
                texts(config.get("rootfs").get("diff_ids")));
    }

    @Test
    void pulledIntoDockerSaveLayerForLayer(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("many.tar");
        Cli.ok("pull", "--quiet", "--jobs", "4", registry.ref("many/app:v1"), out.toString());
        assertEquals(archive.images().get(0).diffIds().stream().map(Digest::toString).toList(),
                texts(Skopeo.inspect("docker-archive:" + out).get("Layers")), "every layer.tar byte-identical, in order");
        assertArrayEquals(archive.images().get(0).config(), Skopeo.rawConfig("docker-archive:" + out));

        // and back: the same plain layers gzip to the same bytes, so the same manifest
        Cli.ok("push", "--quiet", "--jobs", "4", out.toString(), registry.ref("many/app:again"));
        assertArrayEquals(pushed, Skopeo.rawManifest(registry.docker("many/app:again")));
    }

    @Test
    void pulledIntoOciAndPushedBackWithIdenticalDigests(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("layout");
        Cli.ok("pull", "--quiet", "--jobs", "4", "--to", "oci", registry.ref("many/app:v1"), out.toString());
        Cli.ok("push", "--quiet", "--jobs", "4", "oci:" + out, registry.ref("many/app:v2"));
        assertArrayEquals(pushed, Skopeo.rawManifest(registry.docker("many/app:v2")));
        assertEquals(Skopeo.inspect(registry.docker("many/app:v1")).get("Digest"),
                Skopeo.inspect(registry.docker("many/app:v2")).get("Digest"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
