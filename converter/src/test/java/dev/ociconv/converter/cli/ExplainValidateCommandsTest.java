package dev.ociconv.converter.cli;

import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.testkit.TestTar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands' exit codes and outputs, through {@link Main#run}. */
class ExplainValidateCommandsTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void validateExitsZeroOnAGoodArchiveAndOneWithEveryProblem() throws IOException {
        Path good = new RandomImages(3).write(tmp.resolve("good.tar"), RandomImages.Spec.of(2)).file();
        Run ok = run("validate", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("OK: " + good + " (docker-archive): 1 image, 3 blobs checked\n", ok.out());

        Path bad = TestTar.create().file("manifest.json", "[{\"Config\":\"missing.json\",\"RepoTags\":[\"untagged\"]}]")
                .writeTo(tmp.resolve("bad.tar"));
        Run r = run("validate", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("INVALID: " + bad + " (docker-archive): 2 problems"), r.out());
        assertTrue(r.out().contains("manifest.json[0].Config: 'missing.json' not in the archive"), r.out());
        assertTrue(r.out().contains("manifest.json[0].RepoTags: 'untagged' is not a tagged reference"), r.out());

        Run json = run("validate", "--json", bad.toString());
        assertEquals(1, json.code());
        assertTrue(json.out().contains("\"valid\" : false"), json.out());
    }

    @Test
    void validateTakesTransportPrefixesButNoRegistry() {
        String layout = Samples.sample("oci-dir-buildkit-multiplatform-nested-index/layout").toString();
        Run r = run("validate", "oci:" + layout);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("OK: " + layout + " (oci-layout): 2 images"), r.out());
        Run registry = run("validate", "docker://localhost:5000/x:y");
        assertEquals(2, registry.code());
        assertTrue(registry.err().contains("not 'docker://localhost:5000/x:y'"), registry.err());
    }

    @Test
    void validateOfAMissingPathIsAnError() {
        Run r = run("validate", tmp.resolve("nope.tar").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ociconv: error: "), r.err());
    }

    @Test
    void explainAndTreeRunOnRealArchives() {
        String busybox = Samples.sample("legacy-busybox-docker19/busybox-docker.tar").toString();
        String links = Samples.sample("legacy-multiimage-symlinked-layer/test_link.tar").toString();
        Run one = run("explain", busybox);
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("✓ matches the directory name in the archive"), one.out());

        Run two = run("explain", busybox, links);
        assertEquals(0, two.code(), two.err());
        assertTrue(two.out().contains("0 layer(s) with the same content"), two.out());

        Run self = run("explain", links, "docker-archive:" + links + ":@0");
        assertTrue(self.out().contains("same name: same position, same layers below, same v1 JSON"), self.out());

        Run tree = run("inspect", "--tree", "--files", "2", links);
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.out().contains("│   └── layer.tar -> ../6e77476643c3155b1e9ae07dd5a4c8288bdb6590c131c222b7a3f277dec1e266/layer.tar"),
                tree.out());
        assertTrue(tree.out().contains("… and 1 more"), tree.out());
    }

    @Test
    void explainOfANonDockerArchiveIsOneErrorLine() {
        Run r = run("explain", Samples.sample("buildkit-oci-archives-compressions/test-oci-gzip-image.tar").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ociconv: error: ") && r.err().contains("no manifest.json"), r.err());
    }
}
