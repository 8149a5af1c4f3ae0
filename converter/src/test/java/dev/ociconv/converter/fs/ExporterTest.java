package dev.ociconv.converter.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merged filesystem as one reproducible tar. */
class ExporterTest {
    @TempDir
    Path base;

    static TestImage sample() {
        return TestImage.of(
                new TarBuilder().dir("etc").file("etc/conf", "1").dir("bin").file("bin/sh", "sh", 0755)
                        .dir("var/cache").file("var/cache/a", "a").file("zz", "shared").hardlink("aa", "zz")
                        .owned("owned", "o", 1000, 2000).build(),
                new TarBuilder().file("etc/conf", "2").symlink("bin/bash", "sh").file("var/new", "n")
                        .file("var/cache/.wh..wh..opq", "").file("var/cache/b", "b").build(),
                new TarBuilder().file("bin/.wh.sh", "").file(".wh.zz", "").build());
    }

    static byte[] export(TestImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.export(image, image.node, out, UnpackLimits.defaults());
        return out.toByteArray();
    }

    /** name → "type:content-or-link". */
    static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String v = e.isSymbolicLink() ? "sym:" + e.getLinkName()
                        : e.isLink() ? "link:" + e.getLinkName()
                        : e.isDirectory() ? "dir"
                        : "file:" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
                m.put(e.getName(), v);
            }
        }
        return m;
    }

    @Test
    void mergedTarIsSortedWithWhiteoutsApplied() throws IOException {
        Map<String, String> m = entries(export(sample()));
        List<String> expected = List.of("aa", "bin/", "bin/bash", "etc/", "etc/conf", "owned", "var/cache/",
                "var/cache/b", "var/new");
        assertEquals(expected, new ArrayList<>(m.keySet()));
        assertEquals("file:shared", m.get("aa"), "hardlink whose target was whited out becomes the file");
        assertEquals("file:2", m.get("etc/conf"));
        assertEquals("sym:sh", m.get("bin/bash"));
        assertEquals("file:b", m.get("var/cache/b"));
    }

    @Test
    void exportIsReproducible() throws IOException {
        assertArrayEquals(export(sample()), export(sample()));
    }

    @Test
    void numericOwnersAndModesAndTimesKept() throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(export(sample())))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                assertEquals("", e.getUserName());
                assertEquals(TarBuilder.MTIME, e.getLastModifiedTime(), e.getName());
                if (e.getName().equals("owned")) {
                    assertEquals(1000, e.getLongUserId());
                    assertEquals(2000, e.getLongGroupId());
                }
            }
        }
    }

    @Test
    void hardlinkGroupsAreWrittenFirstByName() throws IOException {
        TestImage image = TestImage.of(new TarBuilder().file("z", "data").hardlink("m", "z").hardlink("a", "m").build());
        Map<String, String> m = entries(export(image));
        assertEquals(Map.of("a", "file:data", "m", "link:a", "z", "link:a"), m);
    }

    @Test
    void longNamesUsePax() throws IOException {
        String longName = "d/".repeat(80) + "file";
        TestImage image = TestImage.of(new TarBuilder().file(longName, "x").build());
        assertEquals("file:x", entries(export(image)).get(longName));
    }

    @Test
    void exportUnpacksToTheSameTreeAsUnpack() throws IOException {
        Unpacker.unpack(sample(), sample().node, base.resolve("direct"), UnpackOptions.defaults());
        TestImage flat = TestImage.of(export(sample()));
        Unpacker.unpack(flat, flat.node, base.resolve("viaTar"), UnpackOptions.defaults());
        assertEquals(WhiteoutSemanticsTest.contents(base.resolve("direct")),
                WhiteoutSemanticsTest.contents(base.resolve("viaTar")));
    }

    @Test
    void failedExportToAPathLeavesNothing() throws IOException {
        TestImage bomb = TestImage.of(TarBuilder.gzip(new TarBuilder().file("z", new byte[8 << 20], 0644).build()));
        Path target = base.resolve("out.tar");
        IOException e = assertThrows(IOException.class, () -> Exporter.export(bomb, bomb.node, target,
                UnpackLimits.defaults().withMaxTotalBytes(1 << 20)));
        assertTrue(e.getMessage().startsWith("layer 1: more than 1048576 bytes uncompressed (limit)"), e.getMessage());
        try (var s = Files.list(base)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void exportToAPath() throws IOException {
        Path target = base.resolve("out.tar");
        UnpackReport r = Exporter.export(sample(), sample().node, target, UnpackLimits.defaults());
        assertEquals(9, r.entries());
        assertArrayEquals(export(sample()), Files.readAllBytes(target));
        assertFalse(entries(Files.readAllBytes(target)).containsKey("zz"));
    }
}
