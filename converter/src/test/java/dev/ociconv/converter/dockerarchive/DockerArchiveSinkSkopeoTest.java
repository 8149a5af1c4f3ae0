package dev.ociconv.converter.dockerarchive;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An independent reader, skopeo, must read what the sink writes: one image and several, both forms. */
class DockerArchiveSinkSkopeoTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void skopeoPresent() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo not installed at /usr/bin/skopeo");
    }

    @Test
    void skopeoReadsALegacyArchiveOfTwoImagesSharingALayer() throws Exception {
        Path out = writeTwoImages(false);
        assertTrue(skopeo("inspect", "docker-archive:" + out + ":@0").contains("\"Layers\""));
        assertTrue(skopeo("inspect", "docker-archive:" + out + ":example.com/app:2").contains("\"Layers\""));
        skopeo("copy", "docker-archive:" + out + ":@1", "oci:" + tmp.resolve("oci") + ":x");
        assertTrue(Files.isRegularFile(tmp.resolve("oci/index.json")));
    }

    @Test
    void skopeoReadsADocker25Archive() throws Exception {
        Path out = writeTwoImages(true);
        assertTrue(skopeo("inspect", "docker-archive:" + out + ":@1").contains("\"Layers\""));
        skopeo("copy", "docker-archive:" + out + ":@0", "oci:" + tmp.resolve("oci25") + ":x");
        assertTrue(Files.isRegularFile(tmp.resolve("oci25/index.json")));
    }

    @Test
    void skopeoReadsASingleImageArchive() throws Exception {
        Path out = tmp.resolve("one.tar");
        byte[] l = SinkTestImages.layer("a.txt", "a");
        try (DockerArchiveSink sink = DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults())) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(l), "2024-01-02T03:04:05.5Z", ""), List.of(l), null,
                    Map.of(), List.of("busybox:latest"));
            sink.commit();
        }
        String inspect = skopeo("inspect", "docker-archive:" + out);
        assertTrue(inspect.contains(dev.ociconv.model.digest.Digest.sha256(l).toString()), inspect);
        assertTrue(skopeo("inspect", "docker-archive:" + out + ":busybox:latest").contains("\"Layers\""));
        skopeo("copy", "docker-archive:" + out, "oci:" + tmp.resolve("one") + ":x");
    }

    private Path writeTwoImages(boolean docker25) throws IOException {
        Path out = tmp.resolve(docker25 ? "two25.tar" : "two.tar");
        byte[] base = SinkTestImages.layer("base.txt", "base");
        byte[] top = SinkTestImages.layer("top.txt", "top");
        try (DockerArchiveSink sink = docker25
                ? DockerArchiveSink.docker25(out, DockerArchiveSink.Options.defaults())
                : DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults())) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("example.com/app:1"));
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", ""), List.of(base, top),
                    null, Map.of(), List.of("example.com/app:2", "other:latest"));
            sink.commit();
        }
        return out;
    }

    private static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "skopeo timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + output);
        return output;
    }
}
