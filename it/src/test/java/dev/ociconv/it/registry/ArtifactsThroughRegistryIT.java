package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artifacts written by other tools go to a real registry and back byte for byte: the BuildKit
 * attestation index of a Docker 25 save, and oras' artifacts (an index of empty-config
 * artifacts, an artifact with {@code artifactType}, an "image" whose config has no rootfs). What
 * the registry serves is read by skopeo, not by us; every manifest and blob it names is fetched
 * by digest from the registry.
 */
class ArtifactsThroughRegistryIT {
    private static final String ATTESTED = "containerd-attestation-manifest/busybox-single-arch-with-attestation-manifest.tar";
    private static final String ORAS = "oci-dir-oras-artifacts-referrers/layout";
    private static TestRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "attestation index of a Docker 25 save | docker-archive:ATTESTED           | sha256:183b1c266030c632d6d7decc62be45b72509c6a48c81b32a31d5ab58e91cb92a",
            "oras index of artifacts               | oci:ORAS:v1.3.8                   | sha256:553c18eccc8b22efb7e4de2cc3200263f0ae3950bdae6f55394a156c143568b2",
            "oras artifact with artifactType       | oci:ORAS:config                   | sha256:0e7404d1cc4a2115fdd83449df19dbef6ad10c0e1c2882241e3fedfe20f012a3",
            "oras index of configs without rootfs  | oci:ORAS:multi                    | sha256:e2bfc9cc6a84ec2d7365b5a28c6bc5806b7fa581c9ad7883be955a64e3cc034f",
    })
    void pushedAndPulledByteForByte(String name, String source, String root, @TempDir Path dir)
            throws IOException, InterruptedException {
        String from = source.replace("ATTESTED", Samples.sample(ATTESTED).toString())
                .replace("ORAS", Samples.sample(ORAS).toString());
        String repository = "artifacts/" + Integer.toHexString(name.hashCode());
        Cli.ok("copy", "--quiet", from, registry.docker(repository + ":v1"));

        byte[] raw = Skopeo.rawManifest(registry.docker(repository + ":v1"));
        assertEquals(Digest.parse(root), Digest.sha256(raw), "the registry serves the source's root unchanged");
        assertEquals(expectedBlobs(name), checkTree(repository, raw, 0), "blobs fetched from the registry and verified");

        Path back = dir.resolve("back");
        Cli.ok("copy", "--quiet", registry.docker(repository + ":v1"), "oci:" + back);
        assertEquals(Digest.parse(root), Layouts.onlyRoot(back), "pulled back unchanged");
        assertArrayEquals(raw, Layouts.blob(back, Digest.parse(root)));
    }

    /**
     * oras' image "foobar", its SBOM and the SBOM's signature: pushed with --referrers to a
     * registry without the referrers API (registry:2), where ociconv keeps the sha256-<hex>
     * fallback tags; skopeo reads those indexes; ociconv lists and pulls them back.
     */
    @org.junit.jupiter.api.Test
    void referrersTravelThroughTheFallbackTags(@TempDir Path dir) throws IOException, InterruptedException {
        String image = "sha256:fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb";
        String sbom = "sha256:e2c6633a79985906f1ed55c592718c73c41e809fb9818de232a635904a74d48d";
        String signature = "sha256:0cb8c4da7e9ff2e7eefca33141091b9239218e3125a35e17e8bcd05fa3a5e714";
        String repository = "artifacts/referrers";
        String layout = "oci:" + Samples.sample(ORAS) + ":foobar";
        Cli.ok("copy", "--quiet", "--referrers", layout, registry.docker(repository + ":v1"));
        Cli.ok("copy", "--quiet", "--referrers", layout, registry.docker(repository + ":v1")); // again: no duplicate entries

        JsonNode ofImage = Skopeo.json(Skopeo.rawManifest(registry.docker(repository + ":sha256-" + image.substring(7))));
        assertEquals(1, ofImage.get("manifests").size(), ofImage.toString());
        assertEquals(sbom, ofImage.get("manifests").get(0).get("digest").asText());
        assertEquals("test/sbom.file", ofImage.get("manifests").get(0).get("artifactType").asText());
        JsonNode ofSbom = Skopeo.json(Skopeo.rawManifest(registry.docker(repository + ":sha256-" + sbom.substring(7))));
        assertEquals(signature, ofSbom.get("manifests").get(0).get("digest").asText());
        // the referrers are the source's bytes
        assertEquals(Digest.parse(sbom), Digest.sha256(Skopeo.rawManifest(registry.docker(repository + "@" + sbom))));

        java.io.StringWriter out = new java.io.StringWriter();
        assertEquals(0, dev.ociconv.converter.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                "referrers", registry.docker(repository + ":v1")));
        assertTrue(out.toString().contains("test/sbom.file  " + sbom), out.toString());
        assertTrue(out.toString().contains("test/signature.file  " + signature), out.toString());

        Path back = dir.resolve("back");
        Cli.ok("copy", "--quiet", "--referrers", registry.docker(repository + ":v1"), "oci:" + back);
        java.util.Set<String> entries = new java.util.HashSet<>();
        Layouts.index(back).get("manifests").forEach(m -> entries.add(m.get("digest").asText()));
        assertEquals(java.util.Set.of(image, sbom, signature), entries);
    }

    private static int expectedBlobs(String name) {
        return switch (name) {
            case "attestation index of a Docker 25 save" -> 4; // image config + layer, attestation config + statement
            case "oras index of artifacts" -> 4;               // two artifacts: empty config + one layer each
            case "oras artifact with artifactType" -> 2;
            default -> 6;                                      // three "images": config + layer each
        };
    }

    /**
     * Walks what the registry serves, reading it with skopeo (manifests) and plain HTTP (blobs),
     * never with ociconv: every manifest an index lists has the digest it is listed with, every
     * blob a manifest names has its digest and size. Returns how many blobs were checked.
     */
    private static int checkTree(String repository, byte[] raw, int depth) throws IOException, InterruptedException {
        JsonNode doc = Skopeo.json(raw);
        int blobs = 0;
        if (doc.has("manifests")) {
            for (JsonNode child : doc.get("manifests")) {
                String digest = child.get("digest").asText();
                byte[] childRaw = Skopeo.rawManifest(registry.docker(repository + "@" + digest));
                assertEquals(Digest.parse(digest), Digest.sha256(childRaw), digest);
                assertEquals(child.get("size").asLong(), childRaw.length, digest);
                blobs += checkTree(repository, childRaw, depth + 1);
            }
            return blobs;
        }
        java.util.List<JsonNode> named = new java.util.ArrayList<>();
        named.add(doc.get("config"));
        doc.get("layers").forEach(named::add);
        for (JsonNode d : named) {
            byte[] blob = getBlob(repository, d.get("digest").asText());
            assertEquals(Digest.parse(d.get("digest").asText()), Digest.sha256(blob), d.toString());
            assertEquals(d.get("size").asLong(), blob.length, d.toString());
            blobs++;
        }
        return blobs;
    }

    private static byte[] getBlob(String repository, String digest) throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(registry.isLocal(), "blob reads need our own plain-HTTP registry");
        var client = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + registry.hostPort() + "/v2/"
                + registry.repository(repository) + "/blobs/" + digest)).GET().build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "GET blob " + digest);
        return response.body();
    }
}
