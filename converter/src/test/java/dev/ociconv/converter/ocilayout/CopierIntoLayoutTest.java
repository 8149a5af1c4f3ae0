package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real copier between this package's source and sink, for every OCI sample that should
 * convert; skopeo then reads each image back by the name it was given (verifying every blob).
 */
class CopierIntoLayoutTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
            "oci-dir-buildkit-multiplatform-nested-index/layout, latest",
            "buildkit-oci-archives-compressions/test-oci-zstd-image.tar, ",
            "buildkit-oci-archives-compressions/test-oci-estargz-image.tar, ",
            "buildkit-oci-archives-compressions/test-oci-uncompressed-image.tar, ",
            "buildkit-exporters-zero-layers/buildkit-oci.tar, oci",
            "podman-e2e-oci-archives-gz/oci-name-only.tar.gz, pretty-empty:latest",
            "podman-e2e-oci-archives-gz/oci-non-docker-name.tar.gz, UPPERCASE-IS-INVALID",
            "edge-malformed-oci-dirs/test.oci, "})
    void copiesAndSkopeoReadsBack(String sample, String refName) throws Exception {
        Path in = Samples.sample(sample);
        Path out = tmp.resolve("out");
        List<List<String>> names = new ArrayList<>();
        try (OciLayoutSource src = Files.isDirectory(in) ? OciLayoutSource.openDirectory(in, Limits.DEFAULT)
                : OciLayoutSource.openArchive(in, tmp, Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            new ImageCopier().copy(src, sink, CopyOptions.defaults());
            for (SourceEntry e : src.entries()) {
                names.add(e.names());
            }
        }
        OciLayoutSinkTest.checkSpecRules(out);
        try (OciLayoutSource copy = OciLayoutSource.openDirectory(out, Limits.DEFAULT)) {
            assertEquals(names.size(), copy.entries().size());
        }
        Assumptions.assumeTrue(ExternalTool.onPath("skopeo"), "skopeo not installed");
        String ref = "oci:" + out + (refName == null ? "" : ":" + refName);
        ExternalTool.Result r = ExternalTool.run(tmp, 120,
                List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--all", ref, "dir:" + tmp.resolve("x")));
        assertEquals(0, r.exitCode(), r.output());
    }

    @ParameterizedTest
    @CsvSource({
            "oci-dir-ggcr-mixed-mediatypes/layout, descriptor says application/vnd.oci.image.manifest.v1+json",
            "edge-malformed-oci-dirs/test_invalid_oci_image.oci, unsupported media type application/badmedia+json"})
    void brokenLayoutsFailCleanlyAndLeaveNothing(String sample, String message) throws Exception {
        Path out = tmp.resolve("out");
        try (OciLayoutSource src = OciLayoutSource.openDirectory(Samples.sample(sample), Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new ImageCopier().copy(src, sink, CopyOptions.defaults()));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(message), e.getMessage());
        }
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no output left behind");
        }
    }
}
