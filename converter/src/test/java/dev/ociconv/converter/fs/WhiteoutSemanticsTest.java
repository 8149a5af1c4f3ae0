package dev.ociconv.converter.fs;

import dev.ociconv.converter.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers applied bottom-up with OCI whiteouts, and the real samples used as layers. */
class WhiteoutSemanticsTest {
    @TempDir
    Path base;

    private Map<String, String> unpack(byte[]... layers) throws IOException {
        TestImage image = TestImage.of(layers);
        Path out = base.resolve("out");
        Unpacker.unpack(image, image.node, out, UnpackOptions.defaults());
        return contents(out);
    }

    /** Relative path → content ("dir" for directories, "-> target" for links). */
    static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String v = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Files.readString(p);
                m.put(root.relativize(p).toString(), v);
            }
        }
        return m;
    }

    @Test
    void whiteoutDeletesAFileAndADirectoryOfLowerLayers() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().file("a", "A").file("b", "B").dir("d").file("d/x", "X").build(),
                new TarBuilder().file(".wh.a", "").file(".wh.d", "").build());
        assertEquals(Map.of("b", "B"), m);
    }

    @Test
    void whiteoutDoesNotDeleteWhatTheSameLayerWrote() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().file("a", "old").build(),
                new TarBuilder().file("a", "new").file(".wh.a", "").build());
        assertEquals(Map.of("a", "new"), m);
    }

    @Test
    void whiteoutOfADirectoryThisLayerWritesIntoHidesOnlyLowerContent() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().dir("x").file("x/old", "o").build(),
                new TarBuilder().file("x/new", "n").file(".wh.x", "").build());
        assertEquals(Map.of("x", "dir", "x/new", "n"), m);
    }

    @Test
    void fileRecreatedAfterItsWhiteout() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().file("a", "old").build(),
                new TarBuilder().file(".wh.a", "").file("a", "new").build());
        assertEquals(Map.of("a", "new"), m);
    }

    @ParameterizedTest(name = "opaque marker {0}")
    @ValueSource(strings = {"first", "after siblings"})
    void opaqueHidesLowerContentWhateverItsPlace(String order) throws IOException {
        byte[] lower = new TarBuilder().dir("d").file("d/old", "o").dir("d/sub").file("d/sub/old", "o")
                .file("keep", "k").build();
        TarBuilder upper = new TarBuilder();
        if (order.equals("first")) {
            upper.file("d/.wh..wh..opq", "").file("d/new", "n").file("d/sub/new", "n");
        } else {
            upper.file("d/new", "n").file("d/sub/new", "n").file("d/.wh..wh..opq", "");
        }
        Map<String, String> m = unpack(lower, upper.build());
        assertEquals(Map.of("d", "dir", "d/new", "n", "d/sub", "dir", "d/sub/new", "n", "keep", "k"), m);
    }

    @Test
    void opaqueMarkerAloneEmptiesTheDirectory() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().dir("d").file("d/x", "x").build(),
                new TarBuilder().file("d/.wh..wh..opq", "").build());
        assertEquals(Map.of("d", "dir"), m);
    }

    @Test
    void compressedLayersAreSniffed() throws IOException {
        java.io.ByteArrayOutputStream zstd = new java.io.ByteArrayOutputStream();
        try (var out = dev.ociconv.converter.io.Compressors.compress(zstd, dev.ociconv.model.media.Compression.ZSTD)) {
            out.write(new TarBuilder().file("z", "zstd").build());
        }
        Map<String, String> m = unpack(TarBuilder.gzip(new TarBuilder().file("g", "gzip").build()), zstd.toByteArray());
        assertEquals(Map.of("g", "gzip", "z", "zstd"), m);
    }

    @Test
    void threeLayersBottomUp() throws IOException {
        Map<String, String> m = unpack(
                new TarBuilder().file("etc/conf", "1").file("bin/sh", "sh").build(),
                new TarBuilder().file("etc/conf", "2").symlink("bin/bash", "sh").build(),
                new TarBuilder().file("bin/.wh.sh", "").build());
        assertEquals(Map.of("bin", "dir", "bin/bash", "-> sh", "etc", "dir", "etc/conf", "2"), m);
    }

    @Test
    void modesAndTimesSetAfterContentsDirectoriesLast() throws IOException {
        TestImage image = TestImage.of(new TarBuilder().dir("ro", 0555).file("ro/f", "x", 0400)
                .file("ro/g", "y", 0750).build());
        Path out = base.resolve("out");
        Unpacker.unpack(image, image.node, out, UnpackOptions.defaults().withAssumeRoot(false));
        assertEquals(TarBuilder.MTIME, Files.getLastModifiedTime(out.resolve("ro")));
        assertEquals(TarBuilder.MTIME, Files.getLastModifiedTime(out.resolve("ro/f")));
        assertEquals(0555, (Integer) Files.getAttribute(out.resolve("ro"), "unix:mode") & 07777);
        assertEquals(0400, (Integer) Files.getAttribute(out.resolve("ro/f"), "unix:mode") & 07777);
        assertEquals(0750, (Integer) Files.getAttribute(out.resolve("ro/g"), "unix:mode") & 07777);
        Files.setAttribute(out.resolve("ro"), "unix:mode", 0755); // let @TempDir clean up as non-root too
    }

    @Test
    void outputIsNotEmptyDirectoryIsRefused() throws IOException {
        Path out = Files.createDirectory(base.resolve("out"));
        Files.writeString(out.resolve("mine"), "x");
        TestImage image = TestImage.of(new TarBuilder().file("a", "A").build());
        IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(image, image.node, out,
                UnpackOptions.defaults()));
        assertTrue(e.getMessage().contains("directory is not empty"), e.getMessage());
        assertEquals("x", Files.readString(out.resolve("mine")));
    }

    @Test
    void emptyOutputDirectoryIsReplaced() throws IOException {
        Path out = Files.createDirectory(base.resolve("out"));
        TestImage image = TestImage.of(new TarBuilder().file("a", "A").build());
        Unpacker.unpack(image, image.node, out, UnpackOptions.defaults());
        assertEquals(Map.of("a", "A"), contents(out));
        assertEquals(0755, (Integer) Files.getAttribute(out, "unix:mode") & 0777, "umoci's root mode when the image has no ./");
    }

    private Path sample(String rel) {
        Path p = Samples.sample(rel);
        return p;
    }

    @Test
    void sampleWhiteoutLayerAppliedOverALowerLayer() throws IOException {
        Path wh = sample("edge-whiteout-layers/layer-wh.tar");
        byte[] lower = new TarBuilder().file("layer2.txt", "2").dir("exdir").file("exdir/old", "o").build();
        TestImage image = TestImage.of(lower, Files.readAllBytes(wh));
        Path out = base.resolve("out");
        Unpacker.unpack(image, image.node, out, UnpackOptions.defaults());
        Map<String, String> m = contents(out);
        assertFalse(m.containsKey("layer2.txt"));
        assertFalse(m.containsKey("exdir/old"));
        assertTrue(m.containsKey("layer1.txt") && m.containsKey("layer3.txt") && m.containsKey("exdir"), m.toString());
    }

    @Test
    void sampleEscapeTarIsConfined() throws IOException {
        Path escape = sample("edge-malicious-raw-tars/escape.tar");
        Path tmp = Path.of("/tmp");
        Map<String, String> before = TreeSnapshot.of(base);
        boolean poc = Files.exists(tmp.resolve("poc.txt"));
        TestImage image = TestImage.of(Files.readAllBytes(escape));
        Path out = base.resolve("out");
        Unpacker.unpack(image, image.node, out, UnpackOptions.defaults());
        assertEquals(poc, Files.exists(tmp.resolve("poc.txt")), "nothing written to /tmp");
        assertTrue(Files.isSymbolicLink(out.resolve("escape")));
        assertTrue(Files.isSymbolicLink(out.resolve("usr/share/doc/c/copyright")));
        assertEquals(before.keySet(), TreeSnapshot.of(base).keySet().stream()
                .filter(k -> !k.equals("out") && !k.startsWith("out/")).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void sampleZipSlipIsRejected() throws IOException {
        Path slip = sample("edge-malicious-raw-tars/zip-slip.tar");
        TestImage image = TestImage.of(Files.readAllBytes(slip));
        Path out = base.resolve("out");
        IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(image, image.node, out,
                UnpackOptions.defaults()));
        assertTrue(e.getMessage().startsWith("layer 1: entry '../../"), e.getMessage());
        assertTrue(e.getMessage().endsWith("name has a '..' component"), e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(0, s.count(), "no temp directory left");
        }
    }
}
