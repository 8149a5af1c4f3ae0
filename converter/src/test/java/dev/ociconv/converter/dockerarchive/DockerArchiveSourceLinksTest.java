package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers reached through tar symlinks and hard links: resolved inside the archive, or a clear error. */
class DockerArchiveSourceLinksTest {
    private static final String ID_A = "a".repeat(64);
    private static final String ID_B = "b".repeat(64);

    @TempDir
    Path dir;

    private DockerArchiveSource open(Path file) throws IOException {
        return DockerArchiveSource.open(file, dir.resolve("spool"), Limits.DEFAULT);
    }

    /** A two-layer legacy archive whose second layer entry is written by {@code secondLayer}. */
    private Path twoLayers(String prefix, java.util.function.Consumer<TestTar> secondLayer) throws IOException {
        byte[] layer = TestTar.create().file("hello.txt", "hello").toBytes();
        Digest diffId = Digest.sha256(layer);
        byte[] config = DockerArchiveSourceGeneratedTest.config(diffId, diffId);
        String configName = Digest.sha256(config).hex() + ".json";
        TestTar tar = TestTar.create()
                .dir(prefix + ID_A).file(prefix + ID_A + "/layer.tar", layer)
                .dir(prefix + ID_B);
        secondLayer.accept(tar);
        tar.file(prefix + configName, config)
                .file(prefix + "manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"x:1\"],\"Layers\":[\""
                        + ID_A + "/layer.tar\",\"" + ID_B + "/layer.tar\"]}]");
        return tar.writeTo(dir.resolve("two.tar"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "relative symlink, symlink, ../" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/layer.tar",
            "dotted symlink, symlink, ./../" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/./layer.tar",
            "hard link, hardlink, " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/layer.tar",
    })
    void linkedLayerIsResolvedInsideTheArchive(String name, String kind, String target) throws IOException {
        Path file = twoLayers("", tar -> {
            if (kind.equals("symlink")) {
                tar.symlink(ID_B + "/layer.tar", target);
            } else {
                tar.hardlink(ID_B + "/layer.tar", target);
            }
        });
        try (DockerArchiveSource source = open(file)) {
            List<List<Digest>> read = ImageReading.readAll(source);
            assertEquals(read.get(0).get(0), read.get(0).get(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'./' prefix, ./",
            "'././' prefix, ././",
            "no prefix, ''",
    })
    void prefixedEntryNamesAreNormalised(String name, String prefix) throws IOException {
        Path file = twoLayers(prefix, tar -> tar.symlink(prefix + ID_B + "/layer.tar", "../" + ID_A + "/layer.tar"));
        try (DockerArchiveSource source = open(file)) {
            assertEquals(2, ImageReading.readAll(source).get(0).size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "escaping symlink | ../../etc/passwd | points outside the archive",
            "absolute symlink | /etc/passwd | points outside the archive",
            "dangling symlink | ../" + "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc/layer.tar | points to a missing entry",
            "self loop | layer.tar | more than 8 links",
    })
    void badLinksFailClearly(String name, String target, String message) throws IOException {
        Path file = twoLayers("", tar -> tar.symlink(ID_B + "/layer.tar", target));
        IOException e = assertThrows(IOException.class, () -> {
            try (DockerArchiveSource source = open(file)) {
                ImageReading.readAll(source);
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains(ID_B + "/layer.tar"), e.getMessage());
    }

    @Test
    void chainsOfEightLinksResolveAndNineDoNot() throws IOException {
        for (int links : new int[] {8, 9}) {
            Path file = twoLayers("", tar -> {
                tar.symlink(ID_B + "/layer.tar", "l1");
                for (int i = 1; i < links; i++) {
                    tar.symlink(ID_B + "/l" + i, i + 1 < links ? "l" + (i + 1) : "../" + ID_A + "/layer.tar");
                }
            });
            if (links == 8) {
                try (DockerArchiveSource source = open(file)) {
                    assertEquals(2, ImageReading.readAll(source).get(0).size());
                }
            } else {
                IOException e = assertThrows(IOException.class, () -> open(file).close());
                assertTrue(e.getMessage().contains("more than 8 links"), e.getMessage());
            }
        }
    }

    @Test
    void loopBetweenTwoLinksFails() throws IOException {
        Path file = twoLayers("", tar -> tar.symlink(ID_B + "/layer.tar", "../" + ID_B + "/other.tar")
                .symlink(ID_B + "/other.tar", "layer.tar"));
        IOException e = assertThrows(IOException.class, () -> open(file).close());
        assertTrue(e.getMessage().contains("more than 8 links to follow (a loop?)"), e.getMessage());
    }
}
