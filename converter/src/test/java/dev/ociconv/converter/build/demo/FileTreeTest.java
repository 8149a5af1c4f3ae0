package dev.ociconv.converter.build.demo;

import dev.ociconv.converter.testkit.TestTar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileTreeTest {
    @TempDir
    Path tmp;

    @Test
    void rendersLikeTheTreeCommand() throws Exception {
        Path dir = tmp.resolve("layout");
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("blobs/sha256/bb"), "x");
        Files.writeString(dir.resolve("blobs/sha256/aa"), "x");
        Files.writeString(dir.resolve("oci-layout"), "x");
        Files.writeString(dir.resolve("index.json"), "x");
        assertEquals(List.of(
                "layout",
                "├── blobs",
                "│   └── sha256",
                "│       ├── aa",
                "│       └── bb",
                "├── empty",
                "├── index.json",
                "└── oci-layout",
                "",
                "3 directories, 4 files"), FileTree.ofDirectory(dir).render("layout"));
    }

    @Test
    void tarEntriesIncludingImplicitDirectoriesAndSymlinks() throws Exception {
        Path tar = tmp.resolve("a.tar");
        Files.write(tar, TestTar.create()
                .file("abc/layer.tar", "x")
                .file("abc/VERSION", "1.0")
                .symlink("def/layer.tar", "../abc/layer.tar")
                .file("manifest.json", "[]")
                .toBytes());
        assertEquals(List.of(
                "a.tar",
                "├── abc",
                "│   ├── VERSION",
                "│   └── layer.tar",
                "├── def",
                "│   └── layer.tar -> ../abc/layer.tar",
                "└── manifest.json",
                "",
                "2 directories, 4 files"), FileTree.ofTar(tar).render("a.tar"));
    }
}
