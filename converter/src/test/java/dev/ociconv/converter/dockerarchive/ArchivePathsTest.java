package dev.ociconv.converter.dockerarchive;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivePathsTest {

    @ParameterizedTest
    @CsvSource({
            "../x, leaves the archive",
            "a/../.., leaves the archive",
            "., leaves the archive",
            "/abs, is not a relative path",
            "a\\b, is not a relative path",
    })
    void referencesOutsideTheArchiveAreRejected(String path, String message) {
        IOException e = assertThrows(IOException.class, () -> ArchivePaths.reference(path, "docker-archive:x", "Config"));
        assertTrue(e.getMessage().startsWith("docker-archive:x: Config '"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"a/b.tar, a/b.tar", "./a/./b.tar, a/b.tar"})
    void referencesAreNormalised(String path, String normal) throws IOException {
        assertEquals(normal, ArchivePaths.reference(path, "x", "Layers"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "blobs/sha256/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.json, sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "config.json, NULL",
            "blobs/sha256/xyz, NULL",
            "blobs/md5/0123456789abcdef0123456789abcdef, NULL",
    })
    void digestsPromisedByNames(String path, String digest) {
        assertEquals(digest, ArchiveBlobs.digestFromName(path).map(Object::toString).orElse(null));
    }
}
