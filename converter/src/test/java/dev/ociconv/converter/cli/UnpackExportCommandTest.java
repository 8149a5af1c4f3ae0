package dev.ociconv.converter.cli;

import dev.ociconv.converter.testkit.TestTar;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** unpack and export from the command line: the fs package's own tests cover the semantics in depth. */
class UnpackExportCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Two images built with the CLI: hello.txt, then hoge.txt added and hello.txt whited out. */
    private Path image() throws IOException {
        Path hello = Files.writeString(tmp.resolve("hello.txt"), "Hello, world!\n");
        Path base = tmp.resolve("base.tar");
        assertEquals(0, run("build", "-q", "--time", "2024-01-01T00:00:00Z", "--add", hello + ":/hello.txt",
                "-t", "t/base:1", "-o", base.toString()).code());
        Path wh = tmp.resolve("wh");
        Files.createDirectories(wh);
        Files.writeString(wh.resolve("hoge.txt"), "hogehoge\n");
        Files.writeString(wh.resolve(".wh.hello.txt"), "");
        Path top = tmp.resolve("top.tar");
        assertEquals(0, run("build", "-q", "--time", "2024-01-01T00:00:00Z", "--from", base.toString(),
                "--add", wh + ":/", "-t", "t/top:1", "-o", top.toString()).code());
        return top;
    }

    /** One platform check for every command: the same line and exit 1 (a fact about the input, not a usage error). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"convert", "unpack", "export"})
    void aPlatformTheImageIsNotIsExit1Everywhere(String command) throws IOException {
        Path top = image();
        String out = tmp.resolve("out-" + command).toString() + (command.equals("export") ? ".tar" : "");
        Run r = run(command, "--platform", "linux/s390x", top.toString(), out);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no image for platform linux/s390x: image "), r.err());
        assertTrue(r.err().contains(" is linux/amd64 and the source holds no other platform of it"), r.err());
        assertTrue(Files.notExists(Path.of(out)), "nothing written");
    }

    @Test
    void unpackAppliesWhiteoutsAndRefusesANonEmptyTarget() throws IOException {
        Path top = image();
        Path rootfs = tmp.resolve("rootfs");
        Run r = run("unpack", top.toString(), rootfs.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("hogehoge\n", Files.readString(rootfs.resolve("hoge.txt")));
        assertFalse(Files.exists(rootfs.resolve("hello.txt")), "whited out by the upper layer");
        assertFalse(Files.exists(rootfs.resolve(".wh.hello.txt")));

        Run again = run("unpack", top.toString(), rootfs.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("ociconv: error: ") && again.err().strip().lines().count() == 1, again.err());
    }

    @Test
    void unpackLayersPrintsTheOverlayMount() throws IOException {
        Path top = image();
        Run r = run("unpack", "--layers", top.toString(), tmp.resolve("layers").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mount -t overlay overlay -o lowerdir="), r.out());
        try (var dirs = Files.list(tmp.resolve("layers"))) {
            assertEquals(2, dirs.count());
        }
    }

    @Test
    void exportIsReproducibleAndMerged() throws IOException {
        Path top = image();
        Path a = tmp.resolve("a.tar");
        Path b = tmp.resolve("b.tar");
        assertEquals(0, run("export", top.toString(), a.toString()).code());
        assertEquals(0, run("export", top.toString(), b.toString()).code());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "same image, same bytes");
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(a); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                if (e.getName().equals("hoge.txt")) {
                    assertEquals("hogehoge\n", new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("hoge.txt"), names);
    }

    @Test
    void hostileLayerIsRefusedWithOneLine() throws IOException {
        Path evil = tmp.resolve("evil.tar");
        TestTar.create().file("../../escaped.txt", "x".getBytes()).writeTo(evil);
        // a docker archive whose one layer has an entry leaving the root
        Path archive = tmp.resolve("hostile.tar");
        byte[] layer = Files.readAllBytes(evil);
        String diffId = dev.ociconv.model.digest.Digest.sha256(layer).toString();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
        String configName = dev.ociconv.model.digest.Digest.sha256(config.getBytes()).hex() + ".json";
        TestTar.create()
                .file("l/layer.tar", layer)
                .file(configName, config.getBytes())
                .file("manifest.json", ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"h:1\"],\"Layers\":[\"l/layer.tar\"]}]").getBytes())
                .writeTo(archive);
        Run u = run("unpack", archive.toString(), tmp.resolve("target").toString());
        assertEquals(1, u.code());
        assertTrue(u.err().contains(".."), u.err());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
        assertFalse(Files.exists(tmp.getParent().resolve("escaped.txt")));
        assertFalse(Files.exists(tmp.resolve("target")), "no partial output");
    }
}
