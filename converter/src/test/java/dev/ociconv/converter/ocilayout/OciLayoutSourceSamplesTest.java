package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.DigestingInputStream;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads every OCI sample of the shared corpus, as made by BuildKit, podman, ggcr's hand-made fixtures. */
class OciLayoutSourceSamplesTest {
    @TempDir
    Path spool;

    @Test
    void nestedIndexResolvesBothPlatforms() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(
                Samples.sample("oci-dir-buildkit-multiplatform-nested-index/layout"), Limits.DEFAULT)) {
            List<SourceEntry> entries = src.entries();
            assertEquals(1, entries.size());
            assertEquals(List.of("docker.io/library/multi-platform:latest"), entries.get(0).names());
            // index.json -> an image index blob -> one manifest per platform
            IndexNode inner = assertInstanceOf(IndexNode.class, src.resolve(entries.get(0).root()));
            assertEquals(2, inner.index().manifests().size());
            List<String> platforms = new ArrayList<>();
            for (Descriptor child : inner.index().manifests()) {
                ManifestNode m = assertInstanceOf(ManifestNode.class, src.resolve(child));
                assertTrue(child.platform().matches(m.parsedConfig().platform()), "descriptor platform matches config");
                platforms.add(m.parsedConfig().platform().toString());
                drainAndCheckDiffIds(src, m);
            }
            assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
        }
    }

    @ParameterizedTest
    @CsvSource({"test-oci-zstd-image.tar,ZSTD", "test-oci-gzip-image.tar,GZIP",
            "test-oci-estargz-image.tar,GZIP", "test-oci-uncompressed-image.tar,NONE"})
    void buildkitArchivesInEveryCompression(String file, Compression layerCompression) throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openArchive(
                Samples.sample("buildkit-oci-archives-compressions/" + file), spool, Limits.DEFAULT)) {
            assertTrue(src.description().startsWith("oci-archive:"));
            List<SourceEntry> entries = src.entries();
            assertEquals(1, entries.size());
            assertEquals(List.of(), entries.get(0).names());
            ManifestNode m = assertInstanceOf(ManifestNode.class, src.resolve(entries.get(0).root()));
            assertEquals(new Platform("linux", "arm64", null).toString(), m.parsedConfig().platform().toString());
            assertEquals(1, m.layers().size());
            assertEquals(layerCompression, m.layers().get(0).compression());
            drainAndCheckDiffIds(src, m);
        }
    }

    @Test
    void buildkitZeroLayers() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openArchive(
                Samples.sample("buildkit-exporters-zero-layers/buildkit-oci.tar"), spool, Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            assertEquals(List.of("github.com/buildkit/archive:oci"), e.names());
            ManifestNode m = assertInstanceOf(ManifestNode.class, src.resolve(e.root()));
            assertEquals(0, m.layers().size());
        }
    }

    @ParameterizedTest
    @CsvSource(value = {"oci-name-only.tar.gz,pretty-empty:latest", "oci-non-docker-name.tar.gz,UPPERCASE-IS-INVALID",
            "oci-registry-name.tar.gz,example.com/empty:latest", "oci-unnamed.tar.gz,"})
    void podmanGzippedArchives(String file, String name) throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openArchive(
                Samples.sample("podman-e2e-oci-archives-gz/" + file), spool, Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            assertEquals(name == null ? List.of() : List.of(name), e.names());
            ManifestNode m = assertInstanceOf(ManifestNode.class, src.resolve(e.root()));
            drainAndCheckDiffIds(src, m);
        }
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count(), "spooled files are removed on close");
        }
    }

    @Test
    void malformedDirsValidOneConverts() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(
                Samples.sample("edge-malformed-oci-dirs/test.oci"), Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            assertEquals(List.of(), e.names());
            drainAndCheckDiffIds(src, assertInstanceOf(ManifestNode.class, src.resolve(e.root())));
        }
    }

    @ParameterizedTest
    @CsvSource({"test_bad_index_json.oci", "test_no_valid_manifests.oci"})
    void malformedIndexJsonIsAClearError(String dir) {
        Path layout = Samples.sample("edge-malformed-oci-dirs/" + dir); // outside assertThrows: a missing corpus skips
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openDirectory(layout, Limits.DEFAULT));
        assertTrue(e.getMessage().contains(dir + ": index.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badMediaTypeAndMissingBlobIsAClearError() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(
                Samples.sample("edge-malformed-oci-dirs/test_invalid_oci_image.oci"), Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            IOException ex = assertThrows(IOException.class, () -> src.resolve(e.root()));
            assertTrue(ex.getMessage().contains("unsupported media type application/badmedia+json"), ex.getMessage());
            assertTrue(ex.getMessage().contains("its blob is missing too"), ex.getMessage());
        }
    }

    /** Every entry of ggcr's mixed-up layout, walked to the bottom: a specific IOException or success, never a crash. */
    @Test
    void mixedMediaTypesGiveSpecificErrors() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(
                Samples.sample("oci-dir-ggcr-mixed-mediatypes/layout"), Limits.DEFAULT)) {
            List<String> outcomes = new ArrayList<>();
            for (SourceEntry e : src.entries()) {
                outcomes.add(e.names() + " " + walk(src, e.root()));
            }
            String docker = "descriptor says application/vnd.oci.image.manifest.v1+json but the document's own mediaType"
                    + " is application/vnd.docker.distribution.manifest.v2+json";
            assertEquals(4, outcomes.size());
            assertTrue(outcomes.get(0).startsWith("[1] error") && outcomes.get(0).contains(docker), outcomes.get(0));
            assertTrue(outcomes.get(1).contains("unsupported media type application/vnd.oci.descriptor.v1+json")
                    && outcomes.get(1).contains("calls itself application/vnd.docker.distribution.manifest.v2+json"),
                    outcomes.get(1));
            assertTrue(outcomes.get(2).startsWith("[3] index(") && outcomes.get(2).contains(docker), outcomes.get(2));
            assertTrue(outcomes.get(3).startsWith("[4] index(") && outcomes.get(3).contains(docker), outcomes.get(3));
        }
    }

    private static String walk(OciLayoutSource src, Descriptor d) {
        try {
            ImageNode node = src.resolve(d);
            if (node instanceof IndexNode idx) {
                List<String> children = new ArrayList<>();
                for (Descriptor child : idx.index().manifests()) {
                    children.add(walk(src, child));
                }
                return "index(" + String.join(", ", children) + ")";
            }
            ManifestNode m = (ManifestNode) node;
            drainAndCheckDiffIds(src, m);
            return "image";
        } catch (IOException e) {
            assertFalse(e.getMessage().contains("\n"));
            return "error " + e.getMessage();
        }
    }

    /** Reads every present layer to EOF (verifying digest and size) and checks its diffID by decompressing it. */
    static void drainAndCheckDiffIds(OciLayoutSource src, ManifestNode m) throws IOException {
        for (LayerRef layer : m.layers()) {
            assertTrue(layer.present(), layer.location());
            try (InputStream stored = src.openLayer(layer)) {
                Compressors.Sniffed sniffed = Compressors.sniff(stored);
                assertEquals(layer.compression(), sniffed.compression(), "declared compression is the real one");
                DigestingInputStream plain = new DigestingInputStream(Compressors.decompress(sniffed.stream(), sniffed.compression()));
                plain.transferTo(OutputStream.nullOutputStream());
                assertEquals(layer.diffId(), plain.digest(), layer.location());
                sniffed.stream().transferTo(OutputStream.nullOutputStream()); // the rest, to reach the verifying EOF
            }
        }
    }
}
