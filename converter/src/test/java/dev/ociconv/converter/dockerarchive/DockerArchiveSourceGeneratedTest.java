package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated archives: every link, naming and compression variant, and each malformed case. */
class DockerArchiveSourceGeneratedTest {
    private static final String ID_A = "a".repeat(64);

    @TempDir
    Path dir;

    private DockerArchiveSource open(Path file) throws IOException {
        return DockerArchiveSource.open(file, dir.resolve("spool"), Limits.DEFAULT);
    }

    @Test
    void randomMultiImageArchiveReadsAsGenerated() throws IOException {
        RandomImages.Archive archive = new RandomImages(7).write(dir.resolve("r.tar"),
                RandomImages.Spec.of(3).withImages(2).withExtras());
        try (DockerArchiveSource source = open(archive.file())) {
            List<SourceEntry> entries = source.entries();
            assertEquals(2, entries.size());
            for (int i = 0; i < 2; i++) {
                RandomImages.Image expected = archive.images().get(i);
                assertEquals(expected.repoTags(), entries.get(i).names());
                assertEquals(expected.imageId(), entries.get(i).root().digest());
                ManifestNode node = ImageReading.image(source, entries.get(i));
                assertArrayEquals(expected.config(), node.config().bytes());
            }
            List<List<Digest>> read = ImageReading.readAll(source);
            assertEquals(archive.images().get(0).diffIds(), read.get(0));
            assertEquals(archive.images().get(1).diffIds(), read.get(1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "XZ", "ZSTD", "BZIP2"})
    void wholeArchiveCompressionIsSniffedNotNamed(Compression compression) throws IOException {
        Path file = dir.resolve("archive.tar"); // a misleading name on purpose
        RandomImages.Archive archive = new RandomImages(11).write(file, RandomImages.Spec.of(2).compressed(compression));
        assertEquals(new ArchiveProbe(ArchiveProbe.Format.DOCKER_ARCHIVE, compression), ArchiveProbe.probe(file));
        try (DockerArchiveSource source = open(file)) {
            assertEquals(List.of(archive.images().get(0).diffIds()), ImageReading.readAll(source));
            try (Stream<Path> spooled = Files.list(dir.resolve("spool"))) {
                assertEquals(1, spooled.count());
            }
        }
        try (Stream<Path> spooled = Files.list(dir.resolve("spool"))) {
            assertEquals(0, spooled.count(), "spool deleted on close");
        }
    }

    static byte[] config(Digest... diffIds) {
        StringBuilder ids = new StringBuilder();
        for (Digest d : diffIds) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(d).append('"');
        }
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A one-layer archive with the given manifest.json (CONFIG in it is replaced by the config's name). */
    private Path withManifest(String manifestJson, byte[] layer, byte[] config) throws IOException {
        String configName = Digest.sha256(config).hex() + ".json";
        return TestTar.create()
                .file(ID_A + "/layer.tar", layer)
                .file(configName, config)
                .file("manifest.json", manifestJson.replace("CONFIG", configName))
                .writeTo(dir.resolve("m.tar"));
    }

    private Path withManifest(String manifestJson) throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        return withManifest(manifestJson, layer, config(Digest.sha256(layer)));
    }

    /**
     * Bazel rules_docker-style bundles (go-containerregistry's test bundle): a present plain
     * {@code layer.tar} whose {@code LayerSources} descriptor describes another encoding (a small
     * gzip blob). The bytes in the archive win, as docker load reads them; the descriptor is used
     * only when it describes the file.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gzip descriptor for a plain file | application/vnd.docker.image.rootfs.diff.tar.gzip | 165   | file",
            "plain descriptor, other size     | application/vnd.docker.image.rootfs.diff.tar      | 10    | file",
            "descriptor of the file itself    | application/vnd.docker.image.rootfs.diff.tar      | FILE  | descriptor",
    })
    void layerSourcesDescriptorIsUsedOnlyWhenItDescribesTheFile(String name, String type, String size, String wins)
            throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        Digest diffId = Digest.sha256(layer);
        String descriptorSize = size.equals("FILE") ? String.valueOf(layer.length) : size;
        String descriptorDigest = size.equals("FILE") ? diffId.toString() : "sha256:" + "e".repeat(64);
        Path file = withManifest("[{\"Config\":\"CONFIG\",\"RepoTags\":[\"b:1\"],\"Layers\":[\"" + ID_A + "/layer.tar\"],"
                + "\"LayerSources\":{\"" + diffId + "\":{\"mediaType\":\"" + type + "\",\"size\":" + descriptorSize
                + ",\"digest\":\"" + descriptorDigest + "\",\"annotations\":{\"from\":\"layer-sources\"}}}}]",
                layer, config(diffId));
        try (DockerArchiveSource source = open(file)) {
            var image = (dev.ociconv.model.transport.ManifestNode) source.resolve(source.entries().get(0).root());
            var ref = image.layers().get(0);
            assertEquals(diffId, ref.digest(), "the plain layer's digest is its diffID");
            assertEquals(layer.length, ref.size());
            assertEquals(wins.equals("descriptor") ? Map.of("from", "layer-sources") : Map.of(), ref.annotations());
            assertEquals(1, ImageReading.readAll(source).get(0).size(), "the layer reads and verifies");
        }
    }

    @Test
    void jibLowerCaseKeysAreRead() throws IOException {
        Path file = withManifest("[{\"config\":\"CONFIG\",\"repoTags\":[\"jib:1\"],\"layers\":[\"" + ID_A + "/layer.tar\"]}]");
        try (DockerArchiveSource source = open(file)) {
            assertEquals(List.of("jib:1"), source.entries().get(0).names());
            assertEquals(1, ImageReading.readAll(source).get(0).size());
        }
    }

    @Test
    void repoTagsNullMeansUntagged() throws IOException {
        Path file = withManifest("[{\"Config\":\"CONFIG\",\"RepoTags\":null,\"Layers\":[\"" + ID_A + "/layer.tar\"]}]");
        try (DockerArchiveSource source = open(file)) {
            assertEquals(List.of(), source.entries().get(0).names());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "null document | null | manifest.json: document is null",
            "no images | [] | manifest.json lists no images",
            "an object | {} | expected a JSON array",
            "key in two cases | [{\"Config\":\"CONFIG\",\"config\":\"CONFIG\",\"Layers\":[]}] | key Config appears twice in different case",
            "missing Config key | [{\"RepoTags\":[],\"Layers\":[]}] | Config is missing",
            "missing config file | [{\"Config\":\"" + "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd" + ".json\",\"Layers\":[\"x\"]}] | config dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.json is not in the archive",
            "config climbs out | [{\"Config\":\"../CONFIG\",\"Layers\":[]}] | leaves the archive",
            "config absolute | [{\"Config\":\"/CONFIG\",\"Layers\":[]}] | is not a relative path inside the archive",
            "layer climbs out | [{\"Config\":\"CONFIG\",\"Layers\":[\"a/../../x\"]}] | layer 0 'a/../../x' leaves the archive",
            "layer absolute | [{\"Config\":\"CONFIG\",\"Layers\":[\"/etc/passwd\"]}] | is not a relative path inside the archive",
            "missing layer | [{\"Config\":\"CONFIG\",\"Layers\":[\"nope/layer.tar\"]}] | layer nope/layer.tar is not in the archive",
            "too few layers | [{\"Config\":\"CONFIG\",\"Layers\":[]}] | lists 0 layers but its config",
            "invalid LayerSources digest | [{\"Config\":\"CONFIG\",\"Layers\":[],\"LayerSources\":{\"sha256:xyz\":{}}}] | manifest.json entry 0",
            "duplicate key | [{\"Config\":\"CONFIG\",\"Config\":\"CONFIG\"}] | Duplicate field",
    })
    void malformedManifestJsonFailsWithOneLine(String name, String manifestJson, String message) throws IOException {
        Path file = withManifest(manifestJson);
        IOException e = assertThrows(IOException.class, () -> {
            try (DockerArchiveSource source = open(file)) {
                ImageReading.readAll(source);
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("docker-archive:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void configWhoseNameLiesIsRejected() throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        byte[] config = config(Digest.sha256(layer));
        String wrongName = "e".repeat(64) + ".json";
        Path file = TestTar.create().file(ID_A + "/layer.tar", layer).file(wrongName, config)
                .file("manifest.json", "[{\"Config\":\"" + wrongName + "\",\"Layers\":[\"" + ID_A + "/layer.tar\"]}]")
                .writeTo(dir.resolve("lie.tar"));
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("not the one its name says"), e.getMessage());
    }

    @Test
    void invalidDiffIdInConfigIsRejected() throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        byte[] config = "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:NOTHEX\"]}}".getBytes(StandardCharsets.UTF_8);
        Path file = withManifest("[{\"Config\":\"CONFIG\",\"Layers\":[\"" + ID_A + "/layer.tar\"]}]", layer, config);
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("invalid sha256 digest"), e.getMessage());
    }

    @Test
    void layerThatDoesNotMatchItsDiffIdFailsWhenDrained() throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        byte[] other = TestTar.create().file("f", "y").toBytes();
        Path file = withManifest("[{\"Config\":\"CONFIG\",\"Layers\":[\"" + ID_A + "/layer.tar\"]}]", layer,
                config(Digest.sha256(other)));
        try (DockerArchiveSource source = open(file)) {
            LayerRef ref = ImageReading.image(source, source.entries().get(0)).layers().get(0);
            try (InputStream in = source.openLayer(ref)) {
                assertThrows(DigestMismatchException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
            }
        }
    }

    @Test
    void indexJsonThatNamesAnotherImageIsRejected() throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        byte[] config = config(Digest.sha256(layer));
        byte[] otherConfig = config(Digest.sha256(layer), Digest.sha256(layer));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.sha256(otherConfig) + "\",\"size\":" + otherConfig.length + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        Digest m = Digest.sha256(manifest);
        Path file = TestTar.create()
                .file("blobs/sha256/" + Digest.sha256(layer).hex(), layer)
                .file("blobs/sha256/" + Digest.sha256(config).hex(), config)
                .file("blobs/sha256/" + Digest.sha256(otherConfig).hex(), otherConfig)
                .file("blobs/sha256/" + m.hex(), manifest)
                .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("index.json", "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"digest\":\"" + m + "\",\"size\":" + manifest.length + "}]}")
                .file("manifest.json", "[{\"Config\":\"blobs/sha256/" + Digest.sha256(config).hex() + "\",\"Layers\":[\"blobs/sha256/"
                        + Digest.sha256(layer).hex() + "\"]}]")
                .writeTo(dir.resolve("disagree.tar"));
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("index.json and manifest.json name different images"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "100", "5000"})
    void notATarFailsClearly(int size) throws IOException {
        byte[] junk = new byte[size];
        new java.util.Random(size).nextBytes(junk);
        Path file = Files.write(dir.resolve("junk.tar"), junk);
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().startsWith("docker-archive:" + file), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP"})
    void gzipLayerDigestIsKnownOnlyWhenTheArchiveWasSpooled(Compression outer) throws IOException {
        byte[] plain = TestTar.create().file("f", "gzip me").toBytes();
        byte[] gz = TestTar.compress(plain, Compression.GZIP);
        byte[] config = config(Digest.sha256(plain));
        String configName = Digest.sha256(config).hex() + ".json";
        Path file = TestTar.create().file("layer.tar.gz", gz).file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"Layers\":[\"layer.tar.gz\"]}]")
                .writeTo(dir.resolve("gz.tar"), outer);
        try (DockerArchiveSource source = open(file)) {
            LayerRef layer = ImageReading.image(source, source.entries().get(0)).layers().get(0);
            assertEquals(Compression.GZIP, layer.compression());
            assertEquals(gz.length, layer.size());
            assertEquals(outer == Compression.NONE ? null : Digest.sha256(gz), layer.digest());
            assertEquals(Digest.sha256(plain), ImageReading.diffId(source, layer));
        }
    }

    @Test
    void namedPipeIsReadOnceAsAStream() throws Exception {
        RandomImages.Archive archive = new RandomImages(13).write(dir.resolve("p.tar"),
                RandomImages.Spec.of(2).compressed(Compression.GZIP));
        Path fifo = dir.resolve("fifo");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made, "mkfifo is not available");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(archive.file(), out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try (DockerArchiveSource source = open(fifo)) {
            assertEquals(List.of(archive.images().get(0).diffIds()), ImageReading.readAll(source));
        }
        writer.join(10_000);
    }

    @ParameterizedTest(name = "{0} names, {1}")
    @CsvSource({"pax, NONE", "pax, GZIP", "gnu, NONE", "gnu, ZSTD"})
    void longEntryNamesAreRead(String style, Compression outer) throws IOException {
        byte[] layer = TestTar.create().file("f", "x").toBytes();
        byte[] config = config(Digest.sha256(layer));
        String longDir = "d".repeat(150) + "/" + "e".repeat(120);
        String configName = "c".repeat(180) + ".json";
        TestTar tar = TestTar.create();
        if (style.equals("gnu")) {
            tar.gnuLongNames();
        }
        Path file = tar.file(longDir + "/layer.tar", layer).file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"Layers\":[\"" + longDir + "/layer.tar\"]}]")
                .writeTo(dir.resolve("long.tar"), outer);
        try (DockerArchiveSource source = open(file)) {
            assertEquals(List.of(List.of(Digest.sha256(layer))), ImageReading.readAll(source));
        }
    }

    @Test
    void truncatedCompressedArchiveFailsClearly() throws IOException {
        Path file = new RandomImages(17).write(dir.resolve("t.tar.gz"), RandomImages.Spec.of(2).compressed(Compression.GZIP)).file();
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().startsWith("docker-archive:" + file + ": not a readable tar archive"), e.getMessage());
        try (Stream<Path> spooled = Files.list(dir.resolve("spool"))) {
            assertEquals(0, spooled.count(), "nothing left in the spool");
        }
    }

    @Test
    void spoolingStopsAtTheUnpackLimit() throws IOException {
        Path file = new RandomImages(19).write(dir.resolve("bomb.tar.gz"),
                RandomImages.Spec.of(1).withBigFile(4 << 20).compressed(Compression.GZIP)).file();
        Limits tight = new Limits(4 << 20, 4 << 20, 1 << 20, 1000, 4096, 1 << 20);
        IOException e = assertThrows(IOException.class, () -> DockerArchiveSource.open(file, dir.resolve("spool"), tight));
        assertTrue(e.getMessage().contains("more than the limit of 1048576 bytes to unpack"), e.getMessage());
    }

    @Test
    void missingFileFailsClearly() {
        IOException e = assertThrows(IOException.class, () -> open(dir.resolve("nope.tar")));
        assertTrue(e.getMessage().endsWith("nope.tar: no such file"), e.getMessage());
    }
}
