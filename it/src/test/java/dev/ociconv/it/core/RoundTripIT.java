package dev.ociconv.it.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trips through the CLI: docker save → OCI layout → docker save, byte-exact on the archives
 * Docker wrote; semantically exact (config bytes, diffIDs) on generated images; what we write
 * as docker-archive read by skopeo; and a conversion that fails mid-way leaves nothing.
 */
class RoundTripIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("dev.ociconv.converter.testkit.Samples#dockerWrittenLegacy")
    void dockerSaveToOciAndBackIsByteExact(String sample) throws Exception {
        Path in = Samples.sample(sample);
        Path oci = tmp.resolve("oci");
        Path back = tmp.resolve("back.tar");
        Cli.run("convert", in.toString(), oci.toString()).ok();
        Cli.run("convert", "--to", "docker-archive", oci.toString(), back.toString()).ok();
        byte[] expected = plain(in);
        byte[] actual = Files.readAllBytes(back);
        if (!java.util.Arrays.equals(expected, actual)) {
            Path original = tmp.resolve("original.tar");
            Files.write(original, expected);
            assertEquals(entry(original, "manifest.json"), entry(back, "manifest.json"), "manifest.json");
            assertEquals(entry(original, "repositories"), entry(back, "repositories"), "repositories");
        }
        assertArrayEquals(expected, actual, sample + ": the archive, byte for byte");
    }

    @Test
    void theSaveAnnotationsTravelInIndexJsonOnly() throws Exception {
        Path oci = tmp.resolve("oci");
        Cli.run("convert", "--image", "@1", Samples.sample("legacy-multiimage-symlinked-layer/test_link.tar").toString(),
                oci.toString()).ok();
        JsonNode entry = Peers.index(oci).path("manifests").get(0);
        JsonNode manifest = JSON.readTree(Peers.blob(oci, entry.path("digest").asText()).toFile());
        JsonNode a = entry.path("annotations");
        assertEquals("sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e",
                a.path(DockerArchiveSink.PARENT_ANNOTATION).asText());
        assertEquals("true", a.path(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION).asText(), "bazel wrote 0100644-style modes");
        assertTrue(a.has(DockerArchiveSink.SAVED_AT_ANNOTATION), "time of saving from the symlinked layer: " + a);
        // the manifest is what a registry gets: none of our private keys in it
        assertFalse(manifest.toString().contains("dev.ociconv."), "the manifest stays clean: " + manifest);
    }

    @Test
    void generatedImagesKeepConfigBytesAndDiffIds() throws Exception {
        RandomImages.Archive archive = new RandomImages(42).write(tmp.resolve("random.tar"),
                RandomImages.Spec.of(3).withImages(2).withExtras());
        Path oci = tmp.resolve("oci");
        Cli.run("convert", archive.file().toString(), oci.toString()).ok();
        Peers.verifyLayout(oci, Files.createDirectories(tmp.resolve("peers")));
        try (ImageSource layout = OciLayoutSource.openDirectory(oci, Limits.DEFAULT)) {
            assertSameImages(archive, layout);
        }
        Path back = tmp.resolve("back.tar");
        Cli.run("convert", "--to", "docker-archive", oci.toString(), back.toString()).ok();
        try (ImageSource saved = DockerArchiveSource.open(back, Limits.DEFAULT)) {
            assertSameImages(archive, saved);
        }
        // and the docker save written from the generated images is itself a fixed point
        Path again = tmp.resolve("again.tar");
        Path oci2 = tmp.resolve("oci2");
        Cli.run("convert", back.toString(), oci2.toString()).ok();
        Cli.run("convert", "--to", "docker-archive", oci2.toString(), again.toString()).ok();
        assertArrayEquals(Files.readAllBytes(back), Files.readAllBytes(again), "docker save → OCI → docker save of our own archive");
    }

    private static void assertSameImages(RandomImages.Archive archive, ImageSource source) throws Exception {
        List<SourceEntry> entries = source.entries();
        assertEquals(archive.images().size(), entries.size(), source.description());
        List<List<Digest>> diffIds = ImageReading.readAll(source);
        for (int i = 0; i < entries.size(); i++) {
            ManifestNode node = ImageReading.image(source, entries.get(i));
            RandomImages.Image want = archive.images().get(i);
            assertArrayEquals(want.config(), node.config().bytes(), "config bytes of image " + i);
            assertEquals(want.imageId(), node.config().digest());
            assertEquals(want.diffIds(), diffIds.get(i), "diffIDs of image " + i);
        }
    }

    @Test
    void skopeoReadsTheDockerArchivesWeWrite() throws Exception {
        Peers.assumeSkopeo();
        Path oci = tmp.resolve("oci");
        Cli.run("convert", Samples.sample("legacy-multiimage-symlinked-layer/test_link.tar").toString(), oci.toString()).ok();
        Cli.run("convert", Samples.sample("legacy-busybox-docker19/busybox-docker.tar").toString(), oci.toString()).ok();
        Path multi = tmp.resolve("multi.tar");
        Cli.run("convert", "--to", "docker-archive", oci.toString(), multi.toString()).ok();
        Path single = tmp.resolve("single.tar");
        Cli.run("copy", "oci:" + oci + ":test_image_1", "docker-archive:" + single + ":single/image:one").ok();

        String inspected = Peers.ok(tmp, "skopeo", "--insecure-policy", "inspect", "docker-archive:" + single);
        assertTrue(inspected.contains("\"Architecture\": \"amd64\""), inspected);
        assertTrue(entry(single, "manifest.json").contains("\"RepoTags\":[\"single/image:one\"]"), entry(single, "manifest.json"));
        Peers.ok(tmp, "skopeo", "--insecure-policy", "inspect", "docker-archive:" + single + ":single/image:one");
        Peers.ok(tmp, "skopeo", "--insecure-policy", "copy", "--quiet", "docker-archive:" + single, "oci:" + tmp.resolve("sk") + ":one");
        for (int n = 0; n < 3; n++) {
            String config = Peers.ok(tmp, "skopeo", "--insecure-policy", "inspect", "--config", "--raw",
                    "docker-archive:" + multi + ":@" + n);
            assertFalse(config.isBlank());
            Peers.ok(tmp, "skopeo", "--insecure-policy", "copy", "--quiet", "docker-archive:" + multi + ":@" + n,
                    "oci:" + tmp.resolve("sk") + ":image" + n);
        }
        Peers.ok(tmp, "skopeo", "--insecure-policy", "inspect", "docker-archive:" + multi + ":busybox:latest");
        List<JsonNode> copied = Peers.verifyLayout(tmp.resolve("sk"), Files.createDirectories(tmp.resolve("peers")));
        assertEquals(4, copied.size());
    }

    @Test
    void aConversionFailingMidwayLeavesNothing() throws Exception {
        byte[] good = TestTar.create().file("a.txt", "first layer").toBytes();
        byte[] second = TestTar.create().file("b.txt", "second layer").toBytes();
        Digest wrong = Digest.sha256("not the second layer".getBytes(StandardCharsets.UTF_8));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(good) + "\",\"" + wrong + "\"]}}";
        String configName = Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json";
        Path archive = TestTar.create()
                .file("l1/layer.tar", good)
                .file("l2/layer.tar", second)
                .file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"bad:1\"],"
                        + "\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]")
                .writeTo(tmp.resolve("bad.tar"));
        for (String to : List.of("oci", "oci-archive", "docker-archive")) {
            Path parent = Files.createDirectories(tmp.resolve("target-" + to));
            Path out = parent.resolve("out");
            Cli.run("convert", "--to", to, archive.toString(), out.toString()).failsWith(wrong.toString());
            try (Stream<Path> left = Files.list(parent)) {
                assertEquals(List.of(), left.toList(), to + ": target absent, no temp files beside it");
            }
        }
    }

    private static byte[] plain(Path sample) throws Exception {
        if (!sample.toString().endsWith(".xz")) {
            return Files.readAllBytes(sample);
        }
        try (InputStream in = new XZCompressorInputStream(Files.newInputStream(sample))) {
            return in.readAllBytes();
        }
    }

    private static String entry(Path tar, String name) throws Exception {
        try (var t = new org.apache.commons.compress.archivers.tar.TarFile(tar)) {
            for (var e : t.getEntries()) {
                if (e.getName().equals(name)) {
                    try (InputStream in = t.getInputStream(e)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return null;
    }
}
