package dev.ociconv.converter.validate;

import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.ociconv.converter.validate.TinyImages.DIFF_ID;
import static dev.ociconv.converter.validate.TinyImages.LAYER;
import static dev.ociconv.converter.validate.TinyImages.V1;
import static dev.ociconv.converter.validate.TinyImages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceValidatorTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
            "buildkit-exporters-zero-layers/buildkit-docker.tar",
            "buildkit-exporters-zero-layers/buildkit-oci.tar",
            "buildkit-oci-archives-compressions/test-oci-estargz-image.tar",
            "buildkit-oci-archives-compressions/test-oci-gzip-image.tar",
            "buildkit-oci-archives-compressions/test-oci-uncompressed-image.tar",
            "buildkit-oci-archives-compressions/test-oci-zstd-image.tar",
            "containerd-export-hello-world-multiarch-index/hello-world.tar",
            "containerd-export-hello-world-multiarch-index/hello-world-prefixed-path.tar",
            "docker25-hello-world/hello-world-v25.tar",
            "edge-whiteout-layers/whiteout_image.tar",
            "ggcr-tarball-foreign-layer/foreign.tar",
            "jib-tarball-gzip-layers/busybox-jib.tar",
            "kaniko-tarball-gzip-layers/test-kaniko-image.tar",
            "legacy-almostempty-docker113/almostempty.tar",
            "legacy-alpine310-gzipped-archive/alpine-310.tar.gz",
            "legacy-busybox-docker19/busybox-docker.tar",
            "legacy-multiimage-symlinked-layer/test_link.tar",
            "podman-e2e-docker-archives-xz/docker-name-only.tar.xz",
            "podman-e2e-docker-archives-xz/docker-registry-name.tar.xz",
            "podman-e2e-docker-archives-xz/docker-two-images.tar.xz",
            "podman-e2e-docker-archives-xz/docker-two-names.tar.xz",
            "podman-e2e-docker-archives-xz/docker-unnamed.tar.xz",
            "podman-e2e-oci-archives-gz/oci-name-only.tar.gz",
            "podman-e2e-oci-archives-gz/oci-non-docker-name.tar.gz",
            "podman-e2e-oci-archives-gz/oci-registry-name.tar.gz",
            "podman-e2e-oci-archives-gz/oci-unnamed.tar.gz",
            "oci-dir-buildkit-multiplatform-nested-index/layout",
            "edge-malformed-oci-dirs/test.oci"})
    void goodSamplesAreValid(String sample) throws IOException {
        ValidationReport r = SourceValidator.validate(Samples.sample(sample));
        assertEquals(List.of(), r.problems(), sample);
        assertTrue(r.images() > 0 || sample.contains("zero-layers"), "images counted");
    }

    @Test
    void aForeignLayerAbsentFromADockerArchiveCannotLoad() throws IOException {
        // docker load (20.10, checked by the engine tests) opens the file Layers names, foreign or not
        ValidationReport sparse = SourceValidator.validate(Samples.sample("ggcr-tarball-foreign-layer/sparse_foreign.tar"));
        assertEquals(1, sparse.problems().size(), sparse.problems().toString());
        assertTrue(sparse.problems().get(0).what().contains("docker load needs the file in the archive"), sparse.problems().toString());
    }

    @Test
    void sparseAbsencesInAnOciLayoutAreNotesNotProblems() throws IOException {
        ValidationReport containerd = SourceValidator.validate(
                Samples.sample("containerd-export-hello-world-multiarch-index/hello-world.tar"));
        assertEquals(10, containerd.notes().stream().filter(n -> n.what().contains("not present")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker", "oci-dir", "oci-tar"})
    void generatedImagesAreValid(String form) throws IOException {
        Path p = switch (form) {
            case "docker" -> TinyImages.writeTar(TinyImages.dockerArchive(), tmp.resolve("a.tar"));
            case "oci-dir" -> TinyImages.writeDir(TinyImages.ociLayout(), tmp.resolve("layout"));
            default -> TinyImages.writeTar(TinyImages.ociLayout(), tmp.resolve("oci.tar"));
        };
        ValidationReport r = SourceValidator.validate(p);
        assertEquals(List.of(), r.problems());
        assertEquals(1, r.images());
    }

    @Test
    void randomMultiImageArchivesAreValidCompressedOrNot() throws IOException {
        for (Compression c : List.of(Compression.NONE, Compression.GZIP)) {
            Path p = new RandomImages(7).write(tmp.resolve("r-" + c + ".tar"),
                    RandomImages.Spec.of(3).withImages(2).withExtras().compressed(c)).file();
            ValidationReport r = SourceValidator.validate(p);
            assertEquals(List.of(), r.problems(), c.toString());
            assertEquals(2, r.images());
        }
    }

    @Test
    void documentsAreKeptWithinABudget() throws IOException {
        byte[] big = new byte[ArchiveCatalog.DOCUMENT_CAP];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        var tar = dev.ociconv.converter.testkit.TestTar.create();
        TinyImages.dockerArchive().forEach(tar::file);
        for (int i = 0; i < 17; i++) {
            tar.file("padding" + i + ".json", big);
        }
        ValidationReport r = SourceValidator.validate(tar.writeTo(tmp.resolve("many-documents.tar")));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).what().startsWith("JSON documents exceed 64 MiB in all"), r.problems().toString());
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> defects() {
        String configName = TinyImages.configName(TinyImages.dockerArchive());
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        byte[] badConfig = json(TinyImages.config(List.of(wrong)));
        return Stream.of(
                docker("manifest.json not an array", f -> f.put("manifest.json",
                        json(TinyImages.manifestEntry(configName, List.of("a:b"), List.of(V1 + "/layer.tar")))),
                        "manifest.json: expected a JSON array of images, found object"),
                docker("manifest.json missing, the v1 chain broken", f -> {
                            f.remove("manifest.json");
                            f.remove(V1 + "/json");
                        }, "repositories: docker-archive:"),
                docker("config missing", f -> f.remove(configName),
                        "manifest.json[0].Config: '" + configName + "' not in the archive"),
                docker("config without rootfs", f -> f.put(configName, json(Map.of("os", "linux"))),
                        configName + ": config has no rootfs"),
                docker("wrong diffID", f -> f.put(configName, badConfig),
                        "manifest.json[0].Layers[0]: '" + V1 + "/layer.tar' has diffID " + DIFF_ID
                                + " but the config says " + wrong),
                docker("layer count mismatch", f -> f.put("manifest.json", json(List.of(TinyImages.manifestEntry(
                                configName, List.of("a:b"), List.of(V1 + "/layer.tar", V1 + "/layer.tar"))))),
                        "manifest.json[0].Layers: 2 layers but the config has 1 diff_ids"),
                docker("Config path leaves the archive", f -> f.put("manifest.json", json(List.of(TinyImages.manifestEntry(
                                "../" + configName, List.of("a:b"), List.of(V1 + "/layer.tar"))))),
                        "manifest.json[0].Config: '../" + configName + "' is not a relative path inside the archive"),
                docker("layer missing", f -> f.remove(V1 + "/layer.tar"),
                        "manifest.json[0].Layers[0]: '" + V1 + "/layer.tar' not in the archive"),
                docker("untagged RepoTag", f -> f.put("manifest.json", json(List.of(TinyImages.manifestEntry(
                                configName, List.of("testuser/testimage"), List.of(V1 + "/layer.tar"))))),
                        "manifest.json[0].RepoTags: 'testuser/testimage' is not a tagged reference (NAME:TAG)"),
                docker("repositories names a missing directory", f -> f.put("repositories",
                                json(Map.of("testuser/testimage", Map.of("v1", "b".repeat(64))))),
                        "repositories[testuser/testimage:v1]: v1 directory " + "b".repeat(64) + " is not in the archive"),
                docker("v1 json id differs", f -> f.put(V1 + "/json", json(Map.of("id", "c".repeat(64)))),
                        V1 + "/json: id '" + "c".repeat(64) + "' differs from its directory name"),
                docker("every problem listed, not only the first", f -> {
                    f.put(configName, badConfig);
                    f.put("manifest.json", json(List.of(TinyImages.manifestEntry(configName, List.of("nontag"),
                            List.of(V1 + "/layer.tar")))));
                }, "'nontag' is not a tagged reference", "has diffID " + DIFF_ID + " but the config says " + wrong),
                oci("bad blob digest", f -> f.put(TinyImages.blob(LAYER), "tampered".getBytes(StandardCharsets.UTF_8)),
                        TinyImages.blob(LAYER) + ": content has digest " + Digest.sha256("tampered".getBytes(StandardCharsets.UTF_8))
                                + ", not the one it is named by"),
                oci("missing layer blob", f -> f.remove(TinyImages.blob(LAYER)),
                        "layers[0]: blob " + DIFF_ID + " (application/vnd.oci.image.layer.v1.tar) not in the"),
                oci("size mismatch", TinyImages.ociLayout(m -> layer(m).put("size", 99), e -> { }),
                        "layers[0]: size 99 but blob " + DIFF_ID.shortHex() + " has " + LAYER.length + " bytes"),
                oci("descriptor media type differs from the document's", TinyImages.ociLayout(m -> { },
                                e -> e.put("mediaType", "application/vnd.oci.image.index.v1+json")),
                        "index.json manifests[0]: descriptor says application/vnd.oci.image.index.v1+json but the document says "
                                + "application/vnd.oci.image.manifest.v1+json"),
                oci("layer declared gzip but plain", TinyImages.ociLayout(
                                m -> layer(m).put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"), e -> { }),
                        "layers[0]: application/vnd.oci.image.layer.v1.tar+gzip declares gzip but the blob is none"),
                oci("Docker config type in an OCI manifest", TinyImages.ociLayout(m -> ((Map<String, Object>) m.get("config"))
                                .put("mediaType", "application/vnd.docker.container.image.v1+json"), e -> { }),
                        "config: config media type application/vnd.docker.container.image.v1+json in a OCI manifest"),
                oci("bad oci-layout", f -> f.put("oci-layout", json(Map.of("imageLayoutVersion", "2.0.0"))),
                        "unsupported imageLayoutVersion 2.0.0"),
                oci("oci-layout missing", f -> f.remove("oci-layout"), "oci-layout: not in the"),
                oci("dangling index entry", f -> f.remove(TinyImages.blob(manifestBytes())),
                        "index.json manifests[0]: blob " + Digest.sha256(manifestBytes())
                                + " (application/vnd.oci.image.manifest.v1+json) not in the"),
                oci("invalid ref.name", TinyImages.ociLayout(m -> { }, e -> e.put("annotations",
                                Map.of("org.opencontainers.image.ref.name", "bad name!"))),
                        "index.json manifests[0]: ref.name 'bad name!' does not match image-spec's ref grammar"),
                oci("index.json not an index", f -> f.put("index.json", json(Map.of("manifests", List.of()))),
                        "index.json: Missing required creator property 'schemaVersion'"),
                oci("config diff_id differs from the layer", brokenDiffId(badConfig),
                        "layers[0]: uncompressed digest " + DIFF_ID + " is not diff_id " + wrong));
    }

    private static Map<String, byte[]> brokenDiffId(byte[] badConfig) {
        Map<String, byte[]> f = TinyImages.ociLayout(m -> m.put("config",
                TinyImages.descriptor("application/vnd.oci.image.config.v1+json", badConfig)), e -> { });
        f.put(TinyImages.blob(badConfig), badConfig);
        return f;
    }

    /** The layout's manifest bytes (the unmodified one). */
    private static byte[] manifestBytes() {
        Map<String, byte[]> l = TinyImages.ociLayout();
        return l.entrySet().stream().filter(e -> e.getKey().startsWith("blobs/")
                        && new String(e.getValue(), StandardCharsets.ISO_8859_1).contains("\"layers\""))
                .findFirst().orElseThrow().getValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layer(Map<String, Object> manifest) {
        return ((List<Map<String, Object>>) manifest.get("layers")).get(0);
    }

    private static Arguments docker(String name, Consumer<Map<String, byte[]>> breakIt, String... expected) {
        Map<String, byte[]> files = TinyImages.dockerArchive();
        breakIt.accept(files);
        return Arguments.of(name, "tar", files, List.of(expected));
    }

    private static Arguments oci(String name, Consumer<Map<String, byte[]>> breakIt, String... expected) {
        Map<String, byte[]> files = TinyImages.ociLayout();
        breakIt.accept(files);
        return Arguments.of(name, name.hashCode() % 2 == 0 ? "dir" : "tar", files, List.of(expected));
    }

    private static Arguments oci(String name, Map<String, byte[]> files, String... expected) {
        return Arguments.of(name, "dir", files, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void eachDefectIsReported(String name, String form, Map<String, byte[]> files, List<String> expected) throws IOException {
        Path p = form.equals("dir") ? TinyImages.writeDir(files, tmp.resolve("layout"))
                : TinyImages.writeTar(files, tmp.resolve("broken.tar"));
        ValidationReport r = SourceValidator.validate(p);
        List<String> lines = r.problems().stream().map(Problem::toString).toList();
        assertFalse(r.valid(), name + ": no problem found");
        for (String e : expected) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(e)), name + ": expected '" + e + "' in " + lines);
        }
    }
}
