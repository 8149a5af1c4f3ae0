package dev.ociconv.converter.cli;

import dev.ociconv.model.spec.ArchiveManifestEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several sources into one destination: save, and copy with more than one source. */
class SaveCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    private Path[] twoImages() throws IOException {
        Path hello = Files.writeString(tmp.resolve("hello.txt"), "Hello, world!\n");
        Path hoge = Files.writeString(tmp.resolve("hoge.txt"), "hogehoge\n");
        Path v1 = tmp.resolve("v1.tar");
        Path v2 = tmp.resolve("v2.tar");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "build", "-q", "--time", "2024-01-01T00:00:00Z", "--add", hello + ":/hello.txt",
                "-t", "testuser/testimage:v1", "-o", v1.toString()), err.toString());
        assertEquals(0, run(err, "build", "-q", "--time", "2024-01-01T00:00:00Z", "--from", v1.toString(),
                "--add", hoge + ":/hoge.txt", "-t", "testuser/testimage:v2", "-o", v2.toString()), err.toString());
        return new Path[]{v1, v2};
    }

    @Test
    void saveWritesOneArchiveWithBothImagesAndTheSharedLayerOnce() throws IOException {
        Path[] images = twoImages();
        Path both = tmp.resolve("both.tar");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "save", "-q", images[0].toString(), images[1].toString(), "-o", both.toString()), err.toString());
        try (TarFile tar = new TarFile(both.toFile())) {
            TarArchiveEntry manifest = tar.getEntries().stream().filter(e -> e.getName().equals("manifest.json")).findFirst().orElseThrow();
            List<ArchiveManifestEntry> entries = ArchiveManifestEntry.parseList(tar.getInputStream(manifest).readAllBytes(), "manifest.json");
            assertEquals(List.of("testuser/testimage:v1"), entries.get(0).repoTags());
            assertEquals(List.of("testuser/testimage:v2"), entries.get(1).repoTags());
            long plainLayers = tar.getEntries().stream().filter(e -> e.getName().endsWith("/layer.tar") && e.isFile() && !e.isSymbolicLink()).count();
            long linkedLayers = tar.getEntries().stream().filter(e -> e.getName().endsWith("/layer.tar") && e.isSymbolicLink()).count();
            assertEquals(2, plainLayers, "hello.txt's layer stored once, hoge.txt's once");
            assertEquals(1, linkedLayers, "the second directory of the hello.txt layer links to the first, as Docker does");
        }
        assertEquals(0, run(err, "validate", both.toString()), err.toString());
    }

    @Test
    void copyWithSeveralSourcesFillsOneLayout() throws IOException {
        Path[] images = twoImages();
        Path layout = tmp.resolve("layout");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "copy", "-q", images[0].toString(), images[1].toString(), "oci:" + layout), err.toString());
        String index = Files.readString(layout.resolve("index.json"));
        assertTrue(index.contains("docker.io/testuser/testimage:v1") && index.contains("docker.io/testuser/testimage:v2"), index);

        StringWriter named = new StringWriter();
        assertEquals(2, run(named, "copy", images[0].toString(), images[1].toString(), "oci:" + tmp.resolve("x") + ":one"));
        assertTrue(named.toString().contains("a destination name needs a single source"), named.toString());
    }
}
