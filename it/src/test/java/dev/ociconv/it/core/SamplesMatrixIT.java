package dev.ociconv.it.core;

import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file of the samples corpus through {@code ociconv convert}, as INDEX.md says: converted
 * (the layout read back by skopeo and umoci; config digests = the source's image IDs), or
 * rejected with one specific error line and no output left behind.
 */
class SamplesMatrixIT {
    private static final String CONVERT = "convert";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            buildkit-exporters-zero-layers/buildkit-docker.tar                       | convert
            buildkit-exporters-zero-layers/buildkit-oci.tar                          | convert
            buildkit-oci-archives-compressions/test-oci-estargz-image.tar            | convert
            buildkit-oci-archives-compressions/test-oci-gzip-image.tar               | convert
            buildkit-oci-archives-compressions/test-oci-uncompressed-image.tar       | convert
            buildkit-oci-archives-compressions/test-oci-zstd-image.tar               | convert
            containerd-export-hello-world-multiarch-index/hello-world.tar            | convert
            containerd-export-hello-world-multiarch-index/hello-world-prefixed-path.tar | convert
            docker25-hello-world/hello-world-v25.tar                                 | convert
            edge-malformed-docker-archives/empty.tar                                 | not an image archive
            edge-malformed-docker-archives/no_manifest.tar                           | convert
            edge-malformed-docker-archives/null_manifest.tar                         | manifest.json: document is null
            edge-malformed-oci-dirs/test.oci                                         | convert
            edge-malformed-oci-dirs/test_bad_index_json.oci                          | index.json: Unrecognized token 'foobar'
            edge-malformed-oci-dirs/test_no_valid_manifests.oci                      | index.json: Missing required creator property 'schemaVersion'
            edge-malformed-oci-dirs/test_invalid_oci_image.oci                       | unsupported media type application/badmedia+json
            edge-malicious-raw-tars/escape.tar                                       | not an image archive
            edge-malicious-raw-tars/zip-slip.tar                                     | not an image archive
            edge-whiteout-layers/whiteout_image.tar                                  | convert
            edge-whiteout-layers/layer-wh.tar                                        | not an image archive
            ggcr-tarball-foreign-layer/foreign.tar                                   | convert
            ggcr-tarball-foreign-layer/sparse_foreign.tar                            | convert
            jib-tarball-gzip-layers/busybox-jib.tar                                  | convert
            kaniko-tarball-gzip-layers/test-kaniko-image.tar                         | convert
            legacy-almostempty-docker113/almostempty.tar                             | convert
            legacy-alpine310-gzipped-archive/alpine-310.tar.gz                       | convert
            legacy-busybox-docker19/busybox-docker.tar                               | convert
            legacy-multiimage-symlinked-layer/test_link.tar                          | convert
            legacy-pre110-no-manifest-zero-byte-layer/emptyLayer.tar                 | convert
            oci-dir-buildkit-multiplatform-nested-index/layout                       | convert
            oci-dir-ggcr-mixed-mediatypes/layout                                     | descriptor says application/vnd.oci.image.manifest.v1+json but the document's own mediaType is application/vnd.docker.distribution.manifest.v2+json
            podman-e2e-docker-archives-xz/docker-name-only.tar.xz                    | convert
            podman-e2e-docker-archives-xz/docker-registry-name.tar.xz                | convert
            podman-e2e-docker-archives-xz/docker-two-images.tar.xz                   | convert
            podman-e2e-docker-archives-xz/docker-two-names.tar.xz                    | convert
            podman-e2e-docker-archives-xz/docker-unnamed.tar.xz                      | convert
            podman-e2e-oci-archives-gz/oci-name-only.tar.gz                          | convert
            podman-e2e-oci-archives-gz/oci-non-docker-name.tar.gz                    | convert
            podman-e2e-oci-archives-gz/oci-registry-name.tar.gz                      | convert
            podman-e2e-oci-archives-gz/oci-unnamed.tar.gz                            | convert
            """)
    void convertsOrRejectsAsIndexMdSays(String sample, String expected) throws Exception {
        Path input = Samples.sample(sample);
        Path parent = Files.createDirectories(tmp.resolve("target"));
        Path out = parent.resolve("out");
        Cli.Result r = Cli.run("convert", input.toString(), out.toString());
        if (!expected.equals(CONVERT)) {
            r.failsWith(expected);
            assertFalse(Files.exists(out), "no output after a failure");
            try (Stream<Path> left = Files.list(parent)) {
                assertEquals(0, left.count(), "no temp files beside the target");
            }
            return;
        }
        r.ok();
        Peers.verifyLayout(out, Files.createDirectories(tmp.resolve("peers")));
        Set<String> sourceIds = dockerImageIds(input);
        if (!sourceIds.isEmpty()) {
            assertEquals(sourceIds, new TreeSet<>(Peers.configDigests(out)), "config digests = image IDs of the source");
        }
    }

    /** The image IDs (config digests) of a docker save archive's images, read by the library; empty for OCI inputs. */
    static Set<String> dockerImageIds(Path input) throws Exception {
        Set<String> ids = new TreeSet<>();
        Transports.OpenContext ctx = Transports.OpenContext.defaults();
        try (ImageSource source = Transports.openSource(TransportRef.path(input.toString()), ctx)) {
            if (!(source instanceof DockerArchiveSource)) {
                return ids;
            }
            for (SourceEntry e : source.entries()) {
                ids.add(ImageReading.image(source, e).config().digest().toString());
            }
        }
        assertTrue(!ids.isEmpty(), "a docker archive has images");
        return ids;
    }
}
