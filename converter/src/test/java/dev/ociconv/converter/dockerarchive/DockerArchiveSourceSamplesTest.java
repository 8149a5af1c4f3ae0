package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobNotFoundException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every docker save variant of the real-sample corpus, opened and read to the last byte. */
class DockerArchiveSourceSamplesTest {
    @TempDir
    Path spool;

    private DockerArchiveSource open(String sample) throws IOException {
        return DockerArchiveSource.open(Samples.sample(sample), spool, Limits.DEFAULT);
    }

    /** sample | images | names of each image (';' between images, '+' between names) | layers per image. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "legacy-almostempty-docker113/almostempty.tar | emptyimage:latest | 1",
            "legacy-busybox-docker19/busybox-docker.tar | busybox:latest | 1",
            "legacy-alpine310-gzipped-archive/alpine-310.tar.gz | alpine:3.10 | 1",
            "legacy-multiimage-symlinked-layer/test_link.tar | bazel/v1/tarball:test_image_1;bazel/v1/tarball:test_image_3 | 1;2",
            "docker25-hello-world/hello-world-v25.tar | '' | 1",
            "containerd-export-hello-world-multiarch-index/hello-world.tar | hello-world:latest | 1",
            "containerd-export-hello-world-multiarch-index/hello-world-prefixed-path.tar | hello-world:latest | 1",
            "buildkit-exporters-zero-layers/buildkit-docker.tar | github.com/buildkit/archive:docker | 0",
            "buildkit-exporters-zero-layers/buildkit-oci.tar | github.com/buildkit/archive:oci | 0",
            "podman-e2e-docker-archives-xz/docker-name-only.tar.xz | pretty-empty:latest | 1",
            "podman-e2e-docker-archives-xz/docker-registry-name.tar.xz | example.com/empty:latest | 1",
            "podman-e2e-docker-archives-xz/docker-two-images.tar.xz | example.com/empty:latest;example.com/empty/but:different | 1;1",
            "podman-e2e-docker-archives-xz/docker-two-names.tar.xz | pretty-empty:latest+example.com/empty:latest | 1",
            "podman-e2e-docker-archives-xz/docker-unnamed.tar.xz | '' | 1",
            "jib-tarball-gzip-layers/busybox-jib.tar | localhost:5000/jib-core:jib-base-image | 2",
            "kaniko-tarball-gzip-layers/test-kaniko-image.tar | dive-test:kaniko-latest | 14",
            "ggcr-tarball-foreign-layer/foreign.tar | gcr.io/foo/bar:latest | 2",
            "ggcr-tarball-foreign-layer/sparse_foreign.tar | gcr.io/foo/bar:latest | 2",
            "edge-whiteout-layers/whiteout_image.tar | bazel/pkg/v1/mutate:whiteout_image | 3",
    })
    void readsEveryImageAndLayer(String sample, String names, String layers) throws IOException {
        try (DockerArchiveSource source = open(sample)) {
            List<SourceEntry> entries = source.entries();
            String[] expectedNames = names.split(";", -1);
            String[] expectedLayers = layers.split(";");
            assertEquals(expectedNames.length, entries.size());
            for (int i = 0; i < entries.size(); i++) {
                SourceEntry e = entries.get(i);
                assertEquals(i, e.position());
                List<String> want = expectedNames[i].isEmpty() ? List.of() : List.of(expectedNames[i].split("\\+"));
                assertEquals(want, e.names());
                ManifestNode node = ImageReading.image(source, e);
                assertEquals(Integer.parseInt(expectedLayers[i]), node.layers().size());
            }
            List<List<Digest>> read = ImageReading.readAll(source);
            assertEquals(entries.size(), read.size());
            assertTrue(source.description().startsWith("docker-archive:"));
        }
    }

    @Test
    void legacyLayersArePlainAndAddressedByDiffId() throws IOException {
        try (DockerArchiveSource source = open("legacy-busybox-docker19/busybox-docker.tar")) {
            SourceEntry e = source.entries().get(0);
            assertEquals(MediaType.DOCKER_CONFIG, e.root().mediaType());
            LayerRef layer = ImageReading.image(source, e).layers().get(0);
            assertEquals(Compression.NONE, layer.compression());
            assertEquals(MediaType.DOCKER_LAYER, layer.mediaType());
            assertEquals(layer.diffId(), layer.digest());
            assertTrue(layer.diffId().hex().startsWith("0d315111"));
            // the config is also served as a blob, verified
            try (InputStream in = source.openBlob(e.root())) {
                assertEquals(e.root().size(), in.readAllBytes().length);
            }
        }
    }

    @Test
    void symlinkedLayerIsTheLinkedLayer() throws IOException {
        try (DockerArchiveSource source = open("legacy-multiimage-symlinked-layer/test_link.tar")) {
            ManifestNode first = ImageReading.image(source, source.entries().get(0));
            ManifestNode second = ImageReading.image(source, source.entries().get(1));
            assertEquals(first.layers().get(0).diffId(), second.layers().get(0).diffId());
            assertEquals("b159278ac0c8813245b6c3b22cbbe7abefe3b2ec3fac6c7e87138811e1ef2a88/layer.tar",
                    second.layers().get(0).location());
        }
    }

    @Test
    void gzipLayersOfATarballHaveNoDigestUntilRead() throws IOException {
        try (DockerArchiveSource source = open("jib-tarball-gzip-layers/busybox-jib.tar")) {
            ManifestNode node = ImageReading.image(source, source.entries().get(0));
            for (LayerRef layer : node.layers()) {
                assertEquals(Compression.GZIP, layer.compression());
                assertEquals(MediaType.DOCKER_LAYER_GZIP, layer.mediaType());
                assertNull(layer.digest());
            }
            assertTrue(node.layers().get(0).diffId().hex().startsWith("0d315111"), "same busybox layer as Docker's");
        }
    }

    @Test
    void kanikoConfigNamedByDigestIsChecked() throws IOException {
        try (DockerArchiveSource source = open("kaniko-tarball-gzip-layers/test-kaniko-image.tar")) {
            assertEquals("sha256:ae16a51058a758c7963b2f9b23d1acfa201ce9cbefc8cb93845f8cd934fb144d",
                    source.entries().get(0).root().digest().toString());
        }
    }

    @Test
    void foreignLayerKeepsItsDescriptor() throws IOException {
        try (DockerArchiveSource source = open("ggcr-tarball-foreign-layer/foreign.tar")) {
            LayerRef foreign = ImageReading.image(source, source.entries().get(0)).layers().get(1);
            assertTrue(foreign.present());
            assertEquals(MediaType.DOCKER_FOREIGN_LAYER, foreign.mediaType());
            assertEquals(List.of("example.com"), foreign.urls());
            assertEquals("sha256:015b6ec6d1bc15e26c868d36ef75577c7a0405609ea9abc028b69204b56e7325", foreign.digest().toString());
            assertEquals(701, foreign.size());
        }
    }

    @Test
    void sparseForeignLayerIsReferencedButAbsent() throws IOException {
        try (DockerArchiveSource source = open("ggcr-tarball-foreign-layer/sparse_foreign.tar")) {
            LayerRef foreign = ImageReading.image(source, source.entries().get(0)).layers().get(1);
            assertFalse(foreign.present());
            assertTrue(foreign.foreign());
            assertEquals(List.of("example.com"), foreign.urls());
            IOException e = assertThrows(BlobNotFoundException.class, () -> source.openLayer(foreign));
            assertTrue(e.getMessage().contains("is not in the archive"), e.getMessage());
        }
    }

    @Test
    void docker25ImageIsFoundThroughManifestJson() throws IOException {
        try (DockerArchiveSource source = open("docker25-hello-world/hello-world-v25.tar")) {
            SourceEntry e = source.entries().get(0);
            assertEquals(MediaType.DOCKER_CONFIG, e.root().mediaType(), "index.json has manifests: null");
            LayerRef layer = ImageReading.image(source, e).layers().get(0);
            assertEquals(MediaType.OCI_LAYER, layer.mediaType(), "from LayerSources");
            assertEquals("arm64", ImageReading.image(source, e).parsedConfig().architecture());
        }
    }

    @Test
    void buildkitRootsAreTheManifestsIndexJsonNames() throws IOException {
        try (DockerArchiveSource source = open("buildkit-exporters-zero-layers/buildkit-oci.tar")) {
            SourceEntry e = source.entries().get(0);
            assertEquals(MediaType.OCI_MANIFEST, e.root().mediaType());
            ManifestNode node = ImageReading.image(source, e);
            assertTrue(node.manifest().isPresent());
            assertEquals(e.root().digest(), node.manifestRaw().orElseThrow().digest());
            assertEquals(List.of("github.com/buildkit/archive:oci"), e.names(), "from io.containerd.image.name");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "containerd-export-hello-world-multiarch-index/hello-world.tar",
            "containerd-export-hello-world-multiarch-index/hello-world-prefixed-path.tar"})
    void containerdSparseIndexResolvesPresentPlatformOnly(String sample) throws IOException {
        try (DockerArchiveSource source = open(sample)) {
            SourceEntry e = source.entries().get(0);
            assertEquals(MediaType.DOCKER_MANIFEST, e.root().mediaType());
            assertEquals("linux/amd64", e.root().platform().toString());
            Descriptor indexDescriptor = new Descriptor(MediaType.DOCKER_MANIFEST_LIST,
                    Digest.parse("sha256:faa03e786c97f07ef34423fccceeec2398ec8a5759259f94d99078f264e9d7af"), 2561);
            IndexNode index = assertInstanceOf(IndexNode.class, source.resolve(indexDescriptor));
            assertEquals(11, index.index().manifests().size());
            Descriptor arm64 = index.index().manifests().stream()
                    .filter(d -> d.platform().architecture().equals("arm64")).findFirst().orElseThrow();
            IOException missing = assertThrows(BlobNotFoundException.class, () -> source.resolve(arm64));
            assertTrue(missing.getMessage().matches(".*manifest sha256:[0-9a-f]{64} for linux/arm64.* is not in the archive"),
                    missing.getMessage());
            Descriptor amd64 = index.index().manifests().stream()
                    .filter(d -> d.platform().architecture().equals("amd64")).findFirst().orElseThrow();
            LayerRef layer = assertInstanceOf(ManifestNode.class, source.resolve(amd64)).layers().get(0);
            assertEquals(Compression.GZIP, layer.compression());
            assertEquals("sha256:2db29710123e3e53a794f2694094b9b4338aa9ee5c40b930cb8063a1be392c54", layer.digest().toString());
        }
    }

    /** Pre-1.10 archives: the image IDs are those Docker 20.10's docker load gave them (read off the engine). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "legacy-pre110-no-manifest-zero-byte-layer/emptyLayer.tar | matthughes/library-centos:6-2015.03.20 "
                    + "| sha256:a9e31d6f186fbbe2468c9961316dba93971266d344ba960f68911df6e29b564c | 3",
            "edge-malformed-docker-archives/no_manifest.tar | bazel/v1/tarball:test_image "
                    + "| sha256:a2673db3c3d86a802c915e140274aed9d62464681af1371c881d7f5821b05645 | 1",
    })
    void preDocker110ArchivesGetTheImageIdDockerLoadGives(String sample, String name, String imageId, int layers)
            throws IOException {
        Samples.sample(sample);
        try (DockerArchiveSource source = open(sample)) {
            assertEquals(1, source.entries().size());
            assertEquals(List.of(name), source.entries().get(0).names());
            assertEquals(imageId, source.entries().get(0).root().digest().toString());
            ManifestNode m = assertInstanceOf(ManifestNode.class, source.resolve(source.entries().get(0).root()));
            assertEquals(layers, m.layers().size());
            assertEquals(layers, m.parsedConfig().diffIds().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "edge-malformed-docker-archives/null_manifest.tar | manifest.json: document is null",
            "edge-malformed-docker-archives/empty.tar | empty archive",
            "buildkit-oci-archives-compressions/test-oci-gzip-image.tar | an OCI archive, not a docker save archive",
    })
    void malformedArchivesFailWithOneClearLine(String sample, String message) {
        Samples.sample(sample); // outside assertThrows: a missing corpus skips
        IOException e = assertThrows(IOException.class, () -> open(sample));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("docker-archive:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void compressedSampleIsSpooledAndTheSpoolRemovedOnClose() throws IOException {
        try (DockerArchiveSource source = open("legacy-alpine310-gzipped-archive/alpine-310.tar.gz")) {
            LayerRef layer = ImageReading.image(source, source.entries().get(0)).layers().get(0);
            assertEquals(Compression.NONE, layer.compression());
            try (Stream<Path> spooled = Files.list(spool)) {
                assertEquals(1, spooled.count());
            }
        }
        try (Stream<Path> spooled = Files.list(spool)) {
            assertEquals(0, spooled.count());
        }
    }

    @Test
    void stdinStreamReadsLikeAFile() throws IOException {
        try (InputStream in = Files.newInputStream(Samples.sample("podman-e2e-docker-archives-xz/docker-two-images.tar.xz"));
             DockerArchiveSource source = DockerArchiveSource.open(in, spool, Limits.DEFAULT)) {
            assertEquals("docker-archive:-", source.description());
            assertEquals(2, ImageReading.readAll(source).size());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "legacy-busybox-docker19/busybox-docker.tar, DOCKER_ARCHIVE, NONE",
            "legacy-alpine310-gzipped-archive/alpine-310.tar.gz, DOCKER_ARCHIVE, GZIP",
            "podman-e2e-docker-archives-xz/docker-unnamed.tar.xz, DOCKER_ARCHIVE, XZ",
            "docker25-hello-world/hello-world-v25.tar, DOCKER_ARCHIVE, NONE",
            "buildkit-oci-archives-compressions/test-oci-zstd-image.tar, OCI_ARCHIVE, NONE",
            "podman-e2e-oci-archives-gz/oci-unnamed.tar.gz, OCI_ARCHIVE, GZIP",
            "legacy-pre110-no-manifest-zero-byte-layer/emptyLayer.tar, DOCKER_V1_ARCHIVE, NONE",
            "edge-malformed-docker-archives/empty.tar, UNKNOWN, NONE",
    })
    void probeTellsTheFormat(String sample, ArchiveProbe.Format format, Compression compression) throws IOException {
        assertEquals(new ArchiveProbe(format, compression), ArchiveProbe.probe(Samples.sample(sample)));
    }
}
