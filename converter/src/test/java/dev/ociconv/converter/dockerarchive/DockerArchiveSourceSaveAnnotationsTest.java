package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What a legacy archive says about its saving reaches each entry root as the annotations
 * {@link DockerArchiveSink} reads: the zone of a non-top layer's epoch {@code created}, the
 * symlinked layer's mtime, mode type bits, and {@code Parent}; the same read in place or streamed.
 */
class DockerArchiveSourceSaveAnnotationsTest {
    private static final String ID_A = "a".repeat(64);
    private static final String ID_B = "b".repeat(64);
    private static final long SAVED = 1_618_971_638L; // 2021-04-21T02:20:38Z

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rootsCarryZoneTimeOfSavingTypeBitsAndParent(boolean gzip) throws IOException {
        byte[] layer = TestTar.create().file("hello.txt", "hello").toBytes();
        Digest diffId = Digest.sha256(layer);
        byte[] config = DockerArchiveSourceGeneratedTest.config(diffId, diffId);
        String configName = Digest.sha256(config).hex() + ".json";
        String parent = "sha256:" + "c".repeat(64);
        Path file = TestTar.create()
                .file(ID_A + "/json", "{\"id\":\"" + ID_A + "\",\"created\":\"1970-01-01T01:00:00+01:00\"}")
                .file(ID_A + "/layer.tar", layer)
                .file(ID_B + "/json", "{\"id\":\"" + ID_B + "\",\"created\":\"2020-01-01T00:00:00Z\"}")
                .mtime(SAVED)
                .symlink(ID_B + "/layer.tar", "../" + ID_A + "/layer.tar")
                .file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"x:1\"],\"Layers\":[\""
                        + ID_A + "/layer.tar\",\"" + ID_B + "/layer.tar\"],\"Parent\":\"" + parent + "\"}]")
                .writeTo(dir.resolve("a.tar"), gzip ? Compression.GZIP : Compression.NONE);
        try (DockerArchiveSource source = DockerArchiveSource.open(file, dir.resolve("spool"), Limits.DEFAULT)) {
            List<SourceEntry> entries = source.entries();
            Map<String, String> a = entries.get(0).root().annotations();
            assertEquals("+01:00", a.get(LegacyIds.TIMEZONE_ANNOTATION));
            assertEquals("2021-04-21T02:20:38Z", a.get(DockerArchiveSink.SAVED_AT_ANNOTATION));
            assertEquals("true", a.get(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION), "Commons Compress writes 0100644 as Docker <= 22.06 did");
            assertEquals(parent, a.get(DockerArchiveSink.PARENT_ANNOTATION));
        }
    }

    @Test
    void withoutSymlinksOrEpochLayersNothingIsGuessed() throws IOException {
        String tag = "x";
        byte[] layer = TestTar.create().file("hello.txt", "hello").toBytes();
        Digest diffId = Digest.sha256(layer);
        byte[] config = DockerArchiveSourceGeneratedTest.config(diffId);
        String configName = Digest.sha256(config).hex() + ".json";
        Path file = TestTar.create()
                .file(ID_A + "/layer.tar", layer)
                .file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + ":1\"],\"Layers\":[\""
                        + ID_A + "/layer.tar\"]}]")
                .writeTo(dir.resolve("b.tar"));
        try (DockerArchiveSource source = DockerArchiveSource.open(file, dir.resolve("spool"), Limits.DEFAULT)) {
            Map<String, String> a = source.entries().get(0).root().annotations();
            assertNull(a.get(LegacyIds.TIMEZONE_ANNOTATION));
            assertNull(a.get(DockerArchiveSink.SAVED_AT_ANNOTATION));
            assertNull(a.get(DockerArchiveSink.PARENT_ANNOTATION));
        }
    }
}
