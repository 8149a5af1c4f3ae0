package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ociconv pushes, skopeo reads: digests, config bytes and layer compression as skopeo sees them. */
class OciconvPushIT {
    private static TestRegistry registry;
    private static RandomImages.Archive archive;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        archive = new RandomImages(7).write(dir.resolve("app.tar"), RandomImages.Spec.of(3).withExtras());
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushedImageReadsInSkopeoWithTheSameDigests(@TempDir Path dir) throws IOException {
        Cli.ok("push", "--quiet", archive.file().toString(), registry.ref("pushed/app:v1"));

        String location = registry.docker("pushed/app:v1");
        byte[] raw = Skopeo.rawManifest(location);
        Digest manifestDigest = Digest.sha256(raw);
        assertEquals(manifestDigest.toString(), Skopeo.inspect(location).get("Digest").asText());
        JsonNode manifest = Skopeo.json(raw);
        RandomImages.Image image = archive.images().get(0);
        assertEquals(image.imageId().toString(), manifest.get("config").get("digest").asText(), "config digest is the image ID");
        assertArrayEquals(image.config(), Skopeo.rawConfig(location), "config copied byte for byte");

        Path layout = dir.resolve("copy");
        Skopeo.copy(location, "oci:" + layout + ":x");
        assertEquals(manifestDigest, Layouts.onlyRoot(layout), "skopeo keeps our manifest as it is");
        for (JsonNode layer : manifest.get("layers")) {
            assertTrue(Files.exists(Layouts.blobPath(layout, Digest.parse(layer.get("digest").asText()))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // --compress (default: none given), media type ends with, magic bytes of each layer (hex; empty: the layer is the plain tar)
            "default, .tar+gzip,  1f8b",
            "gzip  , .tar+gzip,  1f8b",
            "none  , .tar,       ''",
            "zstd  , .tar+zstd,  28b52ffd"})
    void pushCompressesAsAsked(String flag, String typeSuffix, String magic, @TempDir Path dir) throws IOException {
        String tag = "compress:" + flag;
        List<String> args = new ArrayList<>(List.of("push", "--quiet"));
        if (!flag.equals("default")) {
            args.addAll(List.of("--compress", flag));
        }
        args.addAll(List.of(archive.file().toString(), registry.ref(tag)));
        Cli.ok(args.toArray(String[]::new));

        JsonNode manifest = Skopeo.json(Skopeo.rawManifest(registry.docker(tag)));
        Path layout = dir.resolve("copy");
        Skopeo.copy(registry.docker(tag), "oci:" + layout + ":x");
        List<Digest> diffIds = archive.images().get(0).diffIds();
        for (int i = 0; i < diffIds.size(); i++) {
            JsonNode layer = manifest.get("layers").get(i);
            assertTrue(layer.get("mediaType").asText().endsWith(typeSuffix), layer.toString());
            Digest digest = Digest.parse(layer.get("digest").asText());
            if (magic.isEmpty()) {
                assertEquals(diffIds.get(i), digest, "an uncompressed layer's digest is its diffID");
            } else {
                assertEquals(magic, hexHead(Layouts.blobPath(layout, digest), magic.length() / 2));
            }
        }
    }

    @Test
    void zstdLayersArePulledIntoDockerSaveDecompressed(@TempDir Path dir) throws IOException {
        Cli.ok("push", "--quiet", "--compress", "zstd", archive.file().toString(), registry.ref("zstd/app:v1"));
        Path saved = dir.resolve("zstd.tar");
        Cli.ok("pull", "--quiet", registry.ref("zstd/app:v1"), saved.toString());

        // skopeo reports a docker archive's layers by the digests of its layer.tar files
        JsonNode info = Skopeo.inspect("docker-archive:" + saved);
        List<String> layers = new ArrayList<>();
        info.get("Layers").forEach(l -> layers.add(l.asText()));
        assertEquals(archive.images().get(0).diffIds().stream().map(Digest::toString).toList(), layers);
        assertArrayEquals(archive.images().get(0).config(), Skopeo.rawConfig("docker-archive:" + saved));
    }

    private static String hexHead(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(n);
            StringBuilder sb = new StringBuilder();
            for (byte b : Arrays.copyOf(head, head.length)) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
    }
}
