package dev.ociconv.converter.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.ocilayout.OciLayoutSink;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.ArtifactNode;
import dev.ociconv.model.transport.IndexNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signatures, SBOMs, attestations and other artifacts written by other tools (oras' end-to-end
 * layout, Docker 25's containerd-store save of a BuildKit image) are carried byte for byte where
 * the destination can hold them, and left out with one line each where it cannot.
 */
class ArtifactCopyTest {
    private static final String ORAS = "oci-dir-oras-artifacts-referrers/layout";
    private static final String ATTESTED = "containerd-attestation-manifest/busybox-single-arch-with-attestation-manifest.tar";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Every entry of oras' layout, images and artifacts, copies into a new layout with every digest and blob unchanged. */
    @Test
    void orasLayoutCopiesLayoutToLayoutByteForByte() throws IOException {
        Path in = Samples.sample(ORAS);
        Path out = tmp.resolve("copy");
        try (OciLayoutSource src = OciLayoutSource.openDirectory(in, Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            new ImageCopier().copy(src, sink, CopyOptions.defaults().withPlatforms(PlatformChoice.ALL));
        }
        assertEquals(entryDigests(in), entryDigests(out), "index.json lists the same manifests, in order");
        assertEquals(blobHashes(in), blobHashes(out), "the same blobs, each with the bytes its name says");
    }

    @Test
    void orasArtifactsAreArtifactsWithTheirSubjects() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(Samples.sample(ORAS), Limits.DEFAULT)) {
            List<String> referrers = new ArrayList<>();
            for (var e : src.entries()) {
                if (src.resolve(e.root()) instanceof ArtifactNode a && a.subject().isPresent()) {
                    referrers.add(e.root().digest().shortHex() + "->" + a.subject().get().digest().shortHex());
                }
            }
            // sbom → image foobar, signature → sbom, … as oras attached them
            assertTrue(referrers.contains("e2c6633a7998->fd6ed2f36b54"), referrers.toString());
            assertTrue(referrers.contains("0cb8c4da7e9f->e2c6633a7998"), referrers.toString());
            assertEquals(7, referrers.size(), referrers.toString()); // and one index (7679bc22c33b) with a subject
        }
    }

    /** The attestation index of a Docker 25 save: the archive reads, its root is the index, a layout keeps it whole. */
    @Test
    void attestationIndexOfADocker25SaveGoesIntoALayoutWhole() throws IOException {
        Path out = tmp.resolve("layout");
        try (DockerArchiveSource src = DockerArchiveSource.open(Samples.sample(ATTESTED), tmp, Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            assertInstanceOf(IndexNode.class, src.resolve(src.entries().get(0).root()));
            new ImageCopier().copy(src, sink, CopyOptions.defaults());
        }
        assertEquals(List.of("sha256:183b1c266030c632d6d7decc62be45b72509c6a48c81b32a31d5ab58e91cb92a"), entryDigests(out));
        for (String blob : List.of("c39be7154f939a9bf312c255b98ef2b46c77a0f8944b58c104570fc3bc19abb6", // attestation manifest
                "4f62f95682318843696bbf8eb884d5c904c1f2fa70c0f0523bf2cac8f902db14", // its in-toto statement
                "cf7d823e4eea96316ae629fb9a45b4211869162a5f5dc1654928c7ca530ed810")) { // the image manifest
            assertTrue(Files.exists(out.resolve("blobs/sha256/" + blob)), blob);
        }
        assertEquals(blobHashes(out).keySet(), blobHashes(out).entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue())).map(java.util.Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    /** One platform taken into a layout: the image keeps its attestation, in a smaller index of the two. */
    @Test
    void onePlatformKeepsItsAttestationWhereTheDestinationHoldsIt() throws IOException {
        Path out = tmp.resolve("arm64");
        List<String> dropped = new ArrayList<>();
        try (DockerArchiveSource src = DockerArchiveSource.open(Samples.sample(ATTESTED), tmp, Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            new ImageCopier().copy(src, sink, CopyOptions.defaults()
                    .withPlatforms(PlatformChoice.one(dev.ociconv.model.spec.Platform.parse("linux/arm64")))
                    .withListener(new CopyListener() {
                        @Override
                        public void artifactDropped(String artifact, String why) {
                            dropped.add(artifact);
                        }
                    }));
        }
        assertEquals(List.of(), dropped);
        String root = entryDigests(out).get(0);
        JsonNode index = JSON.readTree(out.resolve("blobs/sha256/" + root.substring(7)).toFile());
        List<String> children = new ArrayList<>();
        index.get("manifests").forEach(m -> children.add(m.get("digest").asText()));
        assertEquals(List.of("sha256:cf7d823e4eea96316ae629fb9a45b4211869162a5f5dc1654928c7ca530ed810",
                "sha256:c39be7154f939a9bf312c255b98ef2b46c77a0f8944b58c104570fc3bc19abb6"), children);
        assertEquals("attestation-manifest", index.get("manifests").get(1).get("annotations").get("vnd.docker.reference.type").asText());
        assertEquals("arm64", index.get("manifests").get(0).get("platform").get("architecture").asText());
        assertTrue(Files.exists(out.resolve("blobs/sha256/4f62f95682318843696bbf8eb884d5c904c1f2fa70c0f0523bf2cac8f902db14")));
    }

    /** To a docker save archive the image goes, the attestation does not, and the listener hears which. */
    @Test
    void attestationIsLeftOutOfADockerArchiveByName() throws IOException {
        List<String> dropped = new ArrayList<>();
        CopyListener listener = new CopyListener() {
            @Override
            public void artifactDropped(String artifact, String why) {
                dropped.add(artifact + ": " + why);
            }
        };
        Path out = tmp.resolve("out.tar");
        try (DockerArchiveSource src = DockerArchiveSource.open(Samples.sample(ATTESTED), tmp, Limits.DEFAULT);
             DockerArchiveSink sink = DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults())) {
            var report = new ImageCopier().copy(src, sink, CopyOptions.defaults().withListener(listener));
            assertEquals(Digest.parse("sha256:0f7981b59ce1b84d8ab35f636be2d5a3f94c83a9e1759ae8718f0b415285e402"),
                    report.images().get(0).imageId().orElseThrow());
        }
        assertEquals(1, dropped.size(), dropped.toString());
        assertTrue(dropped.get(0).startsWith("artifact c39be7154f93 (attestation-manifest, refers to cf7d823e4eea)"), dropped.get(0));
        try (DockerArchiveSource back = DockerArchiveSource.open(out, tmp, Limits.DEFAULT)) {
            assertEquals(List.of("foo/bar:v3"), back.entries().get(0).names());
        }
    }

    /** A source of nothing but artifacts into a docker save archive: an error that says so, not an empty archive. */
    @Test
    void onlyArtifactsIntoADockerArchiveIsAnError() throws IOException {
        Path out = tmp.resolve("none.tar");
        try (OciLayoutSource src = OciLayoutSource.openDirectory(Samples.sample(ORAS), Limits.DEFAULT);
             DockerArchiveSink sink = DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults())) {
            IOException e = assertThrows(IOException.class, () -> new ImageCopier().copy(src, sink,
                    CopyOptions.defaults().withImage("empty").withListener(new CopyListener() {
                        @Override
                        public void artifactDropped(String artifact, String why) {
                        }
                    })));
            assertTrue(e.getMessage().contains("nothing to copy: empty is an artifact"), e.getMessage());
        }
        assertTrue(Files.notExists(out));
    }

    private static List<String> entryDigests(Path layout) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
            out.add(m.get("digest").asText());
        }
        return out;
    }

    /** blob name → sha256 of its bytes. */
    private static TreeMap<String, String> blobHashes(Path layout) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path f : files.toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                    out.put(f.getFileName().toString(), java.util.HexFormat.of().formatHex(sha.digest()));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }
}
