package dev.ociconv.converter.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.explain.ArchiveExplanation.LayerExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.Verdict;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's question: testuser/testimage:v1 (FROM scratch + ADD hello.txt) and v2 (v1 + ADD
 * hoge.txt) saved separately; the layer holding hello.txt is named differently in each. The
 * archives are written by ociconv's docker archive sink (Docker's own v1 ID algorithm) from
 * inputs built with TestTar only.
 */
class ExplainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] HELLO = TestTar.create().file("hello.txt", "hello\n").toBytes();
    static final byte[] HOGE = TestTar.create().file("nginx.txt", "hoge\n").file(".wh.old.txt", new byte[0])
            .dir("etc/").file("etc/.wh..wh..opq", new byte[0]).toBytes();

    @TempDir
    static Path tmp;
    static Path v1;
    static Path v2;

    @BeforeAll
    static void saveBothImages() throws IOException {
        v1 = save("v1", List.of(HELLO), "2024-01-01T00:00:00Z");
        v2 = save("v2", List.of(HELLO, HOGE), "2024-01-02T00:00:00Z");
    }

    /** A Jib-style input archive (layers named l0.tar…), copied into a legacy docker save archive. */
    private static Path save(String tag, List<byte[]> layers, String created) throws IOException {
        List<String> diffIds = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        TestTar in = TestTar.create();
        for (int i = 0; i < layers.size(); i++) {
            diffIds.add(Digest.sha256(layers.get(i)).toString());
            paths.add("l" + i + ".tar");
            in.file("l" + i + ".tar", layers.get(i));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", created);
        config.put("config", Map.of("Cmd", List.of("/hello")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        in.file("config.json", JSON.writeValueAsBytes(config));
        in.file("manifest.json", JSON.writeValueAsBytes(List.of(Map.of("Config", "config.json",
                "RepoTags", List.of("testuser/testimage:" + tag), "Layers", paths))));
        Path input = in.writeTo(tmp.resolve("in-" + tag + ".tar"));
        Path out = tmp.resolve("testimage-" + tag + ".tar");
        Ociconv.copy("docker-archive:" + input, "docker-archive:" + out + ":testuser/testimage:" + tag, CopyOptions.defaults());
        return out;
    }

    @Test
    void everyLayerOfASavedArchiveIsExplainedAndMatches() throws IOException {
        ArchiveExplanation e = ArchiveExplainer.explain(v2, 10);
        List<LayerExplanation> layers = e.images().get(0).layers();
        assertEquals(2, layers.size());
        for (LayerExplanation l : layers) {
            assertEquals(Verdict.MATCHES, l.verdict(), l.path());
            assertEquals(l.diffId(), l.actualDiffId());
            assertEquals(l.directory(), l.v1Id().hex());
            assertEquals(Boolean.TRUE, l.jsonFileSame(), l.path());
            assertTrue(l.jsonFile().startsWith("{\"id\":\"" + l.directory() + "\""), l.jsonFile());
        }
        assertEquals(Digest.sha256((layers.get(0).diffId() + " " + layers.get(1).diffId()).getBytes()),
                layers.get(1).chainId());
        String text = print(e);
        assertTrue(text.contains("= sha256(\"" + layers.get(0).diffId() + " " + layers.get(1).diffId() + "\")"), text);
        assertEquals(2, count(text, "✓ matches the directory name in the archive"), text);
        assertEquals(2, count(text, "✓ byte for byte the archive's json"), text);
        assertTrue(text.contains(",\"created\":\"1970-01-01T00:00:00Z\",\"layer_id\":\"" + layers.get(0).chainId() + "\"}"), text);
        assertTrue(text.contains("- old.txt  (whiteout)"), text);
        assertTrue(text.contains("opaque etc/"), text);
        assertTrue(text.contains("+ nginx.txt"), text); // a layer whose first name starts like JSON ("n…") is still listed
    }

    @Test
    void twoArchivesShowTheSameContentUnderTwoNamesAndWhy() throws IOException {
        LayerComparison c = LayerComparison.compare(ArchiveExplainer.explain(v1, -1), ArchiveExplainer.explain(v2, -1));
        assertEquals(1, c.pairs().size());
        LayerComparison.SameContent p = c.pairs().get(0);
        assertEquals(Digest.sha256(HELLO), p.diffId());
        assertNotEquals(p.layerA().directory(), p.layerB().directory());
        assertEquals(Verdict.MATCHES, p.layerA().verdict());
        assertEquals(Verdict.MATCHES, p.layerB().verdict());
        assertTrue(p.reasons().get(0).startsWith("position: it is the top layer of testuser/testimage:v1"), p.reasons().toString());
        assertTrue(p.jsonDiff().contains("  \"layer_id\":\"" + Digest.sha256(HELLO) + "\""), p.jsonDiff().toString());
        assertTrue(p.jsonDiff().contains("+ \"created\":\"1970-01-01T00:00:00Z\""), p.jsonDiff().toString());
        assertTrue(p.jsonDiff().contains("- \"created\":\"2024-01-01T00:00:00Z\""), p.jsonDiff().toString());

        StringWriter s = new StringWriter();
        ExplainPrinter.print(c, new PrintWriter(s));
        String text = s.toString();
        assertTrue(text.contains("diffID " + Digest.sha256(HELLO)), text);
        assertTrue(text.contains(p.layerA().directory() + "/  ✓ = sha256 of its v1 JSON"), text);
        assertTrue(text.contains(p.layerB().directory() + "/  ✓ = sha256 of its v1 JSON"), text);
        assertTrue(text.contains("1 of them under different directory names"), text);
        // the JSON form is the same model
        String json = Json.mapper().writeValueAsString(c);
        assertTrue(json.contains("\"directory\":\"" + p.layerB().directory() + "\""), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy-busybox-docker19/busybox-docker.tar",
            "legacy-multiimage-symlinked-layer/test_link.tar",
            "legacy-almostempty-docker113/almostempty.tar",
            "podman-e2e-docker-archives-xz/docker-two-images.tar.xz"})
    void realDockerSavesMatchDockersV1Ids(String sample) throws IOException {
        ArchiveExplanation e = ArchiveExplainer.explain(Samples.sample(sample), -1);
        for (var img : e.images()) {
            for (LayerExplanation l : img.layers()) {
                assertEquals(Verdict.MATCHES, l.verdict(), sample + " " + l.path());
                assertEquals(l.diffId(), l.actualDiffId(), sample + " " + l.path());
                assertEquals(Boolean.TRUE, l.jsonFileSame(), sample + " " + l.path() + "\n" + l.jsonFile());
            }
        }
    }

    @Test
    void archivesNotNamedByDockerSayWhy() throws IOException {
        ArchiveExplanation jib = ArchiveExplainer.explain(Samples.sample("jib-tarball-gzip-layers/busybox-jib.tar"), -1);
        assertEquals(Verdict.NOT_V1_NAMED, jib.images().get(0).layers().get(0).verdict());
        ArchiveExplanation ggcr = ArchiveExplainer.explain(Samples.sample("edge-whiteout-layers/whiteout_image.tar"), -1);
        List<LayerExplanation> layers = ggcr.images().get(0).layers();
        assertEquals(Verdict.DIFFERS, layers.get(0).verdict());
        assertTrue(layers.get(1).reason().contains("a layer below already differs"), layers.get(1).reason());
        assertTrue(print(ggcr).contains("✗ differs from the directory " + layers.get(0).directory()));
    }

    @Test
    void treeDrawsEntriesLinksAndLayers() throws IOException {
        Path archive = TestTar.create().dir("abc/").file("abc/VERSION", "1.0").file("abc/layer.tar", HOGE)
                .symlink("def/layer.tar", "../abc/layer.tar").file("manifest.json", "[]").writeTo(tmp.resolve("t.tar"));
        StringWriter s = new StringWriter();
        ArchiveTreePrinter.print(archive, 1, new PrintWriter(s));
        String text = s.toString();
        assertTrue(text.contains("├── abc/\n│   ├── VERSION\n│   └── layer.tar\n├── def/\n│   └── layer.tar -> ../abc/layer.tar\n"
                + "└── manifest.json\n"), text);
        assertTrue(text.contains("2 directories, 4 files"), text);

        StringWriter saved = new StringWriter();
        ArchiveTreePrinter.print(v2, 1, new PrintWriter(saved));
        String t2 = saved.toString();
        ArchiveExplanation e = ArchiveExplainer.explain(v2, -1);
        for (LayerExplanation l : e.images().get(0).layers()) {
            assertTrue(t2.contains("v1 ID     " + l.v1Id().hex() + "  ✓ = its directory"), t2);
            assertTrue(t2.contains("chain ID  " + l.chainId()), t2);
        }
        assertTrue(t2.contains("… and 3 more"), t2); // HOGE has 4 entries, capped at 1
    }

    @Test
    void theDaemonsZoneIsReadFromTheLowerLayersAndExplained() throws IOException {
        Path out = tmp.resolve("berlin.tar");
        try (var src = dev.ociconv.converter.dockerarchive.DockerArchiveSource.open(v2, dev.ociconv.model.content.Limits.DEFAULT);
             var sink = dev.ociconv.converter.dockerarchive.DockerArchiveSink.legacy(out,
                     dev.ociconv.converter.dockerarchive.DockerArchiveSink.Options.defaults()
                             .withZone(java.time.ZoneOffset.ofHours(1)))) {
            new dev.ociconv.converter.copy.ImageCopier().copy(src, sink, CopyOptions.defaults());
        }
        ArchiveExplanation e = ArchiveExplainer.explain(out, -1);
        assertEquals("+01:00", e.zone());
        List<LayerExplanation> layers = e.images().get(0).layers();
        assertEquals(List.of(Verdict.MATCHES, Verdict.MATCHES), layers.stream().map(LayerExplanation::verdict).toList());
        assertTrue(layers.get(0).v1Input().contains("\"created\":\"1970-01-01T01:00:00+01:00\""), layers.get(0).v1Input());
        // the same layers saved by a UTC daemon: another name for the lower layer, hence for the top too
        LayerComparison c = LayerComparison.compare(ArchiveExplainer.explain(v2, -1), e);
        assertEquals(2, c.renamed());
        assertTrue(c.pairs().get(0).reasons().get(0).startsWith("the saving daemons' time zones differ (Z vs +01:00)"),
                c.pairs().get(0).reasons().toString());
        assertTrue(c.pairs().get(0).jsonDiff().contains("+ \"created\":\"1970-01-01T01:00:00+01:00\""),
                c.pairs().get(0).jsonDiff().toString());
    }

    @Test
    void treeOfAnOciArchiveListsEachLayerBlobAndABrokenManifestOnlyCostsTheDetails() throws IOException {
        StringWriter s = new StringWriter();
        ArchiveTreePrinter.print(Samples.sample("buildkit-oci-archives-compressions/test-oci-zstd-image.tar"), 5,
                new PrintWriter(s));
        assertTrue(s.toString().contains("(zstd)  diffID sha256:356d5e7f4012d87cb1078ac1f480e90528eec4940ce45c50380321436db38758\n"
                + "  files (1 entry)\n    + README.md\n"), s.toString());

        StringWriter n = new StringWriter();
        ArchiveTreePrinter.print(Samples.sample("edge-malformed-docker-archives/null_manifest.tar"), 5, new PrintWriter(n));
        assertTrue(n.toString().contains("└── manifest.json\n"), n.toString());
        assertTrue(n.toString().contains("(no layer details: "), n.toString());
    }

    private static String print(ArchiveExplanation e) {
        StringWriter s = new StringWriter();
        ExplainPrinter.print(e, new PrintWriter(s));
        return s.toString();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
