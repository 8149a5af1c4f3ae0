package dev.ociconv.it.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.cli.Main;
import dev.ociconv.it.support.DockerEngine;
import dev.ociconv.it.support.TestRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Docker engine as the oracle: what {@code docker build} and {@code docker save} write,
 * ociconv must write back byte for byte; what ociconv writes, {@code docker load} and
 * {@code docker pull} must accept, with the image ID ociconv says. Runs where an engine answers
 * ({@code eval "$(it/docker/start.sh)"}); CI requires one ({@code OCICONV_REQUIRE_DOCKER=1}).
 */
class DockerEngineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path v1;
    static Path v2;

    @BeforeAll
    static void walkThrough() throws Exception {
        assumeTrue(DockerEngine.available(), "no Docker engine (eval \"$(it/docker/start.sh)\" starts one)");
        // The seed's walk-through, for real: FROM scratch, ADD hello.txt; then v2 adds hoge.txt.
        Path d1 = Files.createDirectories(tmp.resolve("v1"));
        Files.writeString(d1.resolve("hello.txt"), "Hello, world!\n");
        Files.writeString(d1.resolve("Dockerfile"), "FROM scratch\nADD hello.txt /hello.txt\n");
        docker("build", "-t", "testuser/testimage:v1", d1.toString());
        Path d2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(d2.resolve("hoge.txt"), "hogehoge\n");
        Files.writeString(d2.resolve("Dockerfile"), "FROM testuser/testimage:v1\nADD hoge.txt /hoge.txt\n");
        docker("build", "-t", "testuser/testimage:v2", d2.toString());
        v1 = tmp.resolve("testimage.tar");
        v2 = tmp.resolve("testimage2.tar");
        docker("save", "-o", v1.toString(), "testuser/testimage:v1");
        docker("save", "-o", v2.toString(), "testuser/testimage:v2");
    }

    @AfterAll
    static void removeImages() throws IOException {
        if (v1 != null) {
            DockerEngine.docker(tmp, "image", "rm", "-f", "testuser/testimage:v1", "testuser/testimage:v2");
        }
    }

    private static String docker(String... args) throws IOException {
        return DockerEngine.docker(tmp, args).ok().out();
    }

    /** {@code ociconv ARGS} in process; its standard output, failing the test unless it exits 0. */
    private static String ociconv(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, exit, () -> "ociconv " + String.join(" ", args) + ": " + err + out);
        return out.toString();
    }

    /** The image ID an archive's manifest.json gives its first image (its config digest). */
    private static String imageId(Path archive) throws IOException {
        JsonNode manifest = JSON.readTree(entry(archive, "manifest.json"));
        String config = manifest.path(0).path("Config").asText();
        return "sha256:" + config.replaceFirst("^blobs/sha256/", "").replaceFirst("\\.json$", "");
    }

    private static byte[] entry(Path archive, String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return dev.ociconv.model.content.BoundedReads.readAtMost(in, 1 << 20, archive + ": " + name);
                }
            }
        }
        throw new AssertionError(archive + ": no " + name);
    }

    /**
     * {@code docker load -i ARCHIVE} into an engine that does not have the image yet (removed first),
     * and the ID the engine gives each name it loaded.
     */
    private static List<String> load(Path archive, String... names) throws IOException {
        for (String n : names) {
            DockerEngine.docker(tmp, "image", "rm", "-f", n);
        }
        String out = docker("load", "-i", archive.toString());
        List<String> ids = new ArrayList<>();
        for (String n : names) {
            assertTrue(out.contains("Loaded image: " + n), "docker load of " + archive + " names " + n + ": " + out);
            ids.add(docker("image", "inspect", "--format", "{{.Id}}", n).strip());
        }
        return ids;
    }

    // --- what Docker writes, ociconv writes back -----------------------------------------------

    @Test
    void dockersOwnArchivesComeBackByteForByteThroughOci() throws IOException {
        for (Path saved : List.of(v1, v2)) {
            Path oci = tmp.resolve(saved.getFileName() + "-oci");
            Path back = tmp.resolve(saved.getFileName() + "-back.tar");
            ociconv("convert", saved.toString(), oci.toString());
            ociconv("convert", "--to", "docker-archive", oci.toString(), back.toString());
            assertEquals(-1L, Files.mismatch(saved, back), saved + " through OCI, byte for byte");
        }
    }

    /**
     * A mirror list of Docker's own two saves, as one docker25 bundle split into volumes: the
     * joined volumes load into the engine with both names and Docker's own image IDs, the layer
     * the two share stored once.
     */
    @Test
    void aMirrorBundleForDockerLoadsWithBothImages() throws IOException {
        Path list = Files.writeString(tmp.resolve("images.yaml"), "images:\n  - " + v1 + "\n  - docker-archive:" + v2 + "\n");
        Path bundle = tmp.resolve("bundle25.tar");
        ociconv("mirror", "-q", "--images", list.toString(), "--to", "docker25", "--split", "1M", bundle.toString());
        Path first = tmp.resolve("bundle25.tar.000");
        // a quoted glob of the volumes names the set, as the first volume's name does
        String inspected = ociconv("inspect", tmp.resolve("bundle25.tar.*").toString());
        assertTrue(inspected.contains("testuser/testimage:v1") && inspected.contains("testuser/testimage:v2"), inspected);
        Path joined = tmp.resolve("joined.tar");
        try (var out = Files.newOutputStream(joined)) {
            for (Path v : dev.ociconv.converter.io.ArchiveFiles.volumes(first)) {
                Files.copy(v, out);
            }
        }
        List<String> ids = load(joined, "testuser/testimage:v1", "testuser/testimage:v2");
        assertEquals(List.of(imageId(v1), imageId(v2)), ids, "Docker's own image IDs");
        long layers = new java.util.HashSet<>(JSON.readTree(entry(joined, "manifest.json")).findValues("Layers").stream()
                .flatMap(l -> java.util.stream.StreamSupport.stream(l.spliterator(), false)).map(JsonNode::asText).toList()).size();
        assertEquals(2, layers, "hello.txt's layer once, hoge.txt's once");
    }

    @Test
    void explainNamesTheTwoRealDirectoriesAndValidateSaysLoadable() throws IOException {
        String dir1 = JSON.readTree(entry(v1, "manifest.json")).path(0).path("Layers").path(0).asText().replace("/layer.tar", "");
        String dir2 = JSON.readTree(entry(v2, "manifest.json")).path(0).path("Layers").path(0).asText().replace("/layer.tar", "");
        assertTrue(!dir1.equals(dir2), "Docker gave the hello.txt layer two directory names");
        String explained = ociconv("explain", v1.toString(), v2.toString());
        assertTrue(explained.contains(dir1 + "/") && explained.contains(dir2 + "/"), explained);
        assertTrue(explained.contains("1 of them under different directory names"), explained);
        for (Path saved : List.of(v1, v2)) {
            assertTrue(ociconv("validate", saved.toString()).startsWith("OK: "), saved.toString());
        }
    }

    /**
     * A pre-Docker-1.10 archive (no manifest.json): docker load still rebuilds its config from the
     * v1 chain; ociconv's conversion must give the same image, and with Docker 20.10's header style
     * the very archive docker save writes after that load.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"legacy-pre110-no-manifest-zero-byte-layer/emptyLayer.tar", "edge-malformed-docker-archives/no_manifest.tar"})
    void aPreDocker110ArchiveBecomesWhatDockerLoadMakesOfIt(String sample) throws IOException {
        Path original = dev.ociconv.converter.testkit.Samples.sample(sample);
        // the legacy load prints nothing: the name is the one tag its repositories file gives
        JsonNode repositories = JSON.readTree(entry(original, "repositories"));
        String repo = repositories.fieldNames().next();
        String name = repo + ":" + repositories.path(repo).fieldNames().next();
        DockerEngine.docker(tmp, "image", "rm", "-f", name);
        docker("load", "-i", original.toString());
        Path saved = tmp.resolve("pre110-docker-saved.tar");
        Files.deleteIfExists(saved);
        docker("save", "-o", saved.toString(), name);
        Path oci = tmp.resolve("pre110-oci-" + System.nanoTime());
        ociconv("convert", original.toString(), oci.toString());
        Path back = tmp.resolve("pre110-back-" + System.nanoTime() + ".tar");
        ociconv("convert", "--save-style", "docker20", "--to", "docker-archive", oci.toString(), back.toString());
        assertEquals(imageId(saved), imageId(back), "the image ID docker load gave");
        assertEquals(-1L, Files.mismatch(saved, back), sample + ": docker load + docker save, byte for byte");
        DockerEngine.docker(tmp, "image", "rm", "-f", name);
    }

    // --- what ociconv writes, Docker loads ------------------------------------------------------

    @ParameterizedTest(name = "layout layers {0}")
    @ValueSource(strings = {"none", "gzip", "zstd"})
    void dockerLoadsADockerArchiveFromAnOciLayout(String compression) throws IOException {
        Path oci = tmp.resolve("layout-" + compression);
        ociconv("convert", "--compress", compression, v2.toString(), oci.toString());
        Path out = tmp.resolve("from-layout-" + compression + ".tar");
        ociconv("convert", "--to", "docker-archive", oci.toString(), out.toString());
        assertEquals(List.of(imageId(out)), load(out, "testuser/testimage:v2"));
        assertEquals(imageId(v2), imageId(out), "the image ID survives every compression");
    }

    @Test
    void dockerLoadsDocker25AndMultiImageArchives() throws IOException {
        Path d25 = tmp.resolve("v2-docker25.tar");
        ociconv("convert", "--to", "docker25", v2.toString(), d25.toString());
        assertEquals(List.of(imageId(v2)), load(d25, "testuser/testimage:v2"));

        Path both = tmp.resolve("both.tar");
        ociconv("save", v1.toString(), v2.toString(), "-o", both.toString());
        assertEquals(List.of(imageId(v1), imageId(v2)), load(both, "testuser/testimage:v1", "testuser/testimage:v2"));
    }

    @Test
    void dockerLoadsWhatOciconvBuilds() throws IOException {
        Path hello = Files.writeString(tmp.resolve("built-hello.txt"), "Hello, world!\n");
        Path scratch = tmp.resolve("built-v1.tar");
        ociconv("build", "--add", hello + ":/hello.txt", "--tag", "ociconv-built/hello:1", "-o", scratch.toString());
        assertEquals(List.of(imageId(scratch)), load(scratch, "ociconv-built/hello:1"));

        Path hoge = Files.writeString(tmp.resolve("built-hoge.txt"), "hogehoge\n");
        Path onBase = tmp.resolve("built-v2.tar");
        ociconv("build", "--from", v1.toString(), "--add", hoge + ":/hoge.txt", "--cmd", "/hoge.txt",
                "--tag", "ociconv-built/hoge:1", "-o", onBase.toString());
        assertEquals(List.of(imageId(onBase)), load(onBase, "ociconv-built/hoge:1"));
        // docker history: the base's layer, then ours, then the CMD (an empty layer)
        String history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "ociconv-built/hoge:1");
        List<String> steps = history.lines().toList();
        assertEquals(3, steps.size(), history);
        assertTrue(steps.get(0).contains("CMD") && steps.get(1).contains("ADD file:") && steps.get(1).contains("/hoge.txt")
                && steps.get(2).contains("ADD file:") && steps.get(2).contains("/hello.txt"), history);
        DockerEngine.docker(tmp, "image", "rm", "-f", "ociconv-built/hello:1", "ociconv-built/hoge:1");
    }

    // --- through a registry: the registry:2 container ------------------------------------------

    @Test
    void ociconvPushesAndDockerPulls() throws IOException {
        try (TestRegistry registry = TestRegistry.start()) {
            Path gzLayout = tmp.resolve("push-gz");
            ociconv("convert", "--compress", "gzip", v2.toString(), gzLayout.toString());
            for (String source : List.of(v2.toString(), gzLayout.toString())) {
                String ref = registry.ref("oracle/pushed:" + (source.equals(gzLayout.toString()) ? "layout" : "archive"));
                ociconv("push", source, ref);
                docker("pull", ref);
                assertEquals(imageId(v2), docker("image", "inspect", "--format", "{{.Id}}", ref).strip(), ref);
                DockerEngine.docker(tmp, "image", "rm", "-f", ref);
            }
        }
    }

    @Test
    void dockerPushesAndOciconvPullsDockersOwnArchive() throws IOException {
        try (TestRegistry registry = TestRegistry.start()) {
            String ref = registry.ref("oracle/by-docker:v2");
            docker("tag", "testuser/testimage:v2", ref);
            docker("push", ref);
            Path saved = tmp.resolve("docker-saved.tar");
            docker("save", "-o", saved.toString(), ref);
            Path pulled = tmp.resolve("ociconv-pulled.tar");
            ociconv("pull", "--save-style", "docker20", ref, pulled.toString());
            assertEquals(-1L, Files.mismatch(saved, pulled),
                    "ociconv pull (--save-style docker20) = docker save of the same image, byte for byte");
            Path loaded = tmp.resolve("ociconv-pulled-default.tar");
            ociconv("pull", ref, loaded.toString());
            assertEquals(List.of(imageId(saved)), load(loaded, ref));
            DockerEngine.docker(tmp, "image", "rm", "-f", ref);
        }
    }

}
