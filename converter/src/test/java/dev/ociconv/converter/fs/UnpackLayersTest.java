package dev.ociconv.converter.fs;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One directory per layer, OverlayFS whiteouts as root, and the device paths that need root. */
class UnpackLayersTest {
    @TempDir
    Path base;

    static TestImage image() {
        return TestImage.of(
                new TarBuilder().file("a", "A").dir("d").file("d/x", "X").build(),
                new TarBuilder().file(".wh.a", "").file("d/.wh..wh..opq", "").file("d/y", "Y").build());
    }

    static int rawMode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void overlayFormAsRoot() throws IOException {
        Assumptions.assumeTrue(UnpackOptions.runningAsRoot() && SpecialFiles.mknodAvailable(),
                "needs root and mknod(1)");
        TestImage image = image();
        Path out = base.resolve("layers");
        LayersReport r = Unpacker.unpackLayers(image, image.node, out, UnpackOptions.defaults().withAssumeRoot(true));
        String l0 = "00-" + image.node.layers().get(0).diffId().hex().substring(0, 12);
        String l1 = "01-" + image.node.layers().get(1).diffId().hex().substring(0, 12);
        assertEquals(java.util.List.of(out.resolve(l0), out.resolve(l1)), r.layerDirs());
        assertTrue(r.overlayReady());
        assertEquals("mount -t overlay overlay -o lowerdir=" + out.resolve(l1) + ":" + out.resolve(l0)
                + ",userxattr MERGED", r.mountCommand());
        Path whiteout = out.resolve(l1).resolve("a");
        assertEquals(0020000, rawMode(whiteout) & 0170000, "a character device");
        assertEquals(0, (Long) Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(out.resolve(l1).resolve(".wh.a"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(out.resolve(l1).resolve("d/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(out.resolve(l1).resolve("d"),
                UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(8);
        xattrs.read("overlay.opaque", buf);
        assertEquals("y", new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
        assertEquals("Y", Files.readString(out.resolve(l1).resolve("d/y")));
        assertEquals("X", Files.readString(out.resolve(l0).resolve("d/x")), "lower layer keeps its content");
    }

    /** The kernel's view of the stacked layers must equal our merged unpack. */
    @Test
    void mountedOverlayEqualsMergedUnpack() throws Exception {
        Assumptions.assumeTrue(UnpackOptions.runningAsRoot() && SpecialFiles.mknodAvailable(),
                "needs root and mknod(1)");
        TestImage image = TestImage.of(
                new TarBuilder().file("a", "A").dir("d").file("d/x", "X").dir("e").file("e/keep", "k").build(),
                new TarBuilder().file(".wh.a", "").file("d/.wh..wh..opq", "").file("d/y", "Y")
                        .symlink("e/link", "keep").build(),
                new TarBuilder().file("e/.wh.keep", "").file("top", "T").build());
        LayersReport r = Unpacker.unpackLayers(image, image.node, base.resolve("layers"),
                UnpackOptions.defaults().withAssumeRoot(true));
        Unpacker.unpack(image, image.node, base.resolve("merged"), UnpackOptions.defaults());
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(r.mountCommand().split(" ")));
        cmd.set(cmd.size() - 1, mnt.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "overlay mount not permitted here: " + log.strip());
        try {
            assertEquals(WhiteoutSemanticsTest.contents(base.resolve("merged")), WhiteoutSemanticsTest.contents(mnt));
        } finally {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void whiteoutsKeptAsFilesWithoutRoot() throws IOException {
        TestImage image = image();
        Path out = base.resolve("layers");
        LayersReport r = Unpacker.unpackLayers(image, image.node, out, UnpackOptions.defaults().withAssumeRoot(false));
        assertFalse(r.overlayReady());
        Path top = r.layerDirs().get(1);
        assertTrue(Files.isRegularFile(top.resolve(".wh.a")));
        assertTrue(Files.isRegularFile(top.resolve("d/.wh..wh..opq")));
        assertTrue(r.report().warnings().contains("whiteouts kept as .wh. files: OverlayFS whiteouts need root"),
                r.report().warnings().toString());
    }

    @Test
    void failedLayerLeavesNoOutput() throws IOException {
        TestImage image = TestImage.of(new TarBuilder().file("a", "A").build(),
                new TarBuilder().file("../evil", "x").build());
        Path out = base.resolve("layers");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Unpacker.unpackLayers(image, image.node, out, UnpackOptions.defaults()));
        assertEquals("layer 2: entry '../evil': name has a '..' component", e.getMessage());
        try (var s = Files.list(base)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void devicesAndOwnersAsRoot() throws IOException {
        Assumptions.assumeTrue(UnpackOptions.runningAsRoot() && SpecialFiles.mknodAvailable(),
                "needs root and mknod(1)");
        TestImage image = TestImage.of(new TarBuilder().device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("fifo", TarConstants.LF_FIFO, 0, 0).owned("owned", "o", 1234, 5678).build());
        Path out = base.resolve("out");
        UnpackReport r = Unpacker.unpack(image, image.node, out,
                UnpackOptions.defaults().withAssumeRoot(true).withDevices(true));
        assertEquals(0020000, rawMode(out.resolve("dev/null")) & 0170000);
        assertEquals((1L << 8) | 3, (Long) Files.getAttribute(out.resolve("dev/null"), "unix:rdev",
                LinkOption.NOFOLLOW_LINKS));
        assertEquals(0010000, rawMode(out.resolve("fifo")) & 0170000, "a FIFO");
        assertEquals(1234, (Integer) Files.getAttribute(out.resolve("owned"), "unix:uid"));
        assertEquals(5678, (Integer) Files.getAttribute(out.resolve("owned"), "unix:gid"));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }
}
