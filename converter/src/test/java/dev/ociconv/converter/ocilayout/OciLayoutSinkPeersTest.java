package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.content.Limits;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Independent readers check what the sink writes: skopeo verifies every blob it copies; umoci reads config and history. */
class OciLayoutSinkPeersTest {
    @TempDir
    Path tmp;

    private static ExternalTool.Result skopeoCopy(Path work, String from, Path to) throws Exception {
        return ExternalTool.run(work, 120, List.of("skopeo", "--insecure-policy", "copy", "--quiet", from, "dir:" + to));
    }

    @Test
    void skopeoAndUmociReadTheDirectory() throws Exception {
        Assumptions.assumeTrue(ExternalTool.onPath("skopeo"), "skopeo not installed");
        Path dir = tmp.resolve("layout");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            TestImages.make("one").writeTo(sink, List.of("plain"));
            TestImages.make("two").writeTo(sink, List.of("busybox:1.36"));
            sink.commit();
        }
        ExternalTool.Result plain = skopeoCopy(tmp, "oci:" + dir + ":plain", tmp.resolve("x1"));
        assertEquals(0, plain.exitCode(), plain.output());
        // containerd-style naming: ref.name is the tag, as skopeo looks it up.
        ExternalTool.Result tagged = skopeoCopy(tmp, "oci:" + dir + ":1.36", tmp.resolve("x2"));
        assertEquals(0, tagged.exitCode(), tagged.output());
        assertTrue(Files.exists(tmp.resolve("x2/manifest.json")));
        ExternalTool.Result missing = skopeoCopy(tmp, "oci:" + dir + ":nope", tmp.resolve("x3"));
        assertTrue(missing.exitCode() != 0, "skopeo must not find a name we did not write");

        if (ExternalTool.onPath("umoci")) {
            ExternalTool.Result stat = ExternalTool.run(tmp, 120, List.of("umoci", "stat", "--image", dir + ":plain"));
            assertEquals(0, stat.exitCode(), stat.output());
            assertTrue(stat.output().contains("test 3"), stat.output()); // history created_by of image "one"
        }
    }

    @Test
    void skopeoReadsTheArchive() throws Exception {
        Assumptions.assumeTrue(ExternalTool.onPath("skopeo"), "skopeo not installed");
        Path tar = tmp.resolve("img.tar");
        try (OciLayoutSink sink = OciLayoutSink.archive(tar)) {
            TestImages.make("archived").writeTo(sink, List.of("app"));
            sink.commit();
        }
        ExternalTool.Result r = skopeoCopy(tmp, "oci-archive:" + tar + ":app", tmp.resolve("x"));
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void skopeoWrittenLayoutIsAddedTo() throws Exception {
        Assumptions.assumeTrue(ExternalTool.onPath("skopeo"), "skopeo not installed");
        Path first = tmp.resolve("first");
        try (OciLayoutSink sink = OciLayoutSink.directory(first)) {
            TestImages.make("first").writeTo(sink, List.of("a"));
            sink.commit();
        }
        Path dir = tmp.resolve("by-skopeo");
        ExternalTool.Result r = ExternalTool.run(tmp, 120,
                List.of("skopeo", "--insecure-policy", "copy", "--quiet", "oci:" + first + ":a", "oci:" + dir + ":from-skopeo"));
        assertEquals(0, r.exitCode(), r.output());
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            TestImages.make("second").writeTo(sink, List.of("ours"));
            sink.commit();
        }
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            assertEquals(List.of(List.of("from-skopeo"), List.of("ours")),
                    src.entries().stream().map(SourceEntry::names).toList());
        }
        for (String ref : List.of("from-skopeo", "ours")) {
            ExternalTool.Result copy = skopeoCopy(tmp, "oci:" + dir + ":" + ref, tmp.resolve("out-" + ref));
            assertEquals(0, copy.exitCode(), copy.output());
        }
    }
}
