package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.converter.cli.Main;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-like artifacts made here (a signature of the image, an SPDX SBOM of it, a signature of the
 * SBOM) go layout → registry → oci-archive → registry with --referrers, and `ociconv referrers`
 * lists the same tree at both registry ends. A referrer that has rotted (its manifest's bytes no
 * longer match its digest) fails a --referrers copy with nothing written, and is skipped with one
 * line under --referrers=best-effort.
 */
class ReferrersRoundTripIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY = "application/vnd.oci.empty.v1+json";
    private static TestRegistry registry;

    @TempDir
    static Path tmp;
    static Path layout;
    static Digest sbomSignature;

    @BeforeAll
    static void signedLayout() throws IOException {
        registry = TestRegistry.start();
        Path file = Files.writeString(tmp.resolve("app.txt"), "app\n");
        layout = tmp.resolve("signed");
        // gzip layers: pushed as they are, so the image keeps the digest its referrers name
        Cli.ok("build", "-q", "--compress", "gzip", "--add", file + ":/app.txt", "-o", "oci:" + layout + ":v1");
        ObjectNode image = descriptorOf(layout, Layouts.onlyRoot(layout));
        ObjectNode signature = artifact(layout, "application/vnd.dev.cosign.artifact.sig.v1+json",
                "application/vnd.dev.cosign.simplesigning.v1+json", "{\"critical\":{\"image\":\"v1\"}}", image);
        ObjectNode sbom = artifact(layout, "application/spdx+json", "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}", image);
        ObjectNode ofSbom = artifact(layout, "application/vnd.dev.cosign.artifact.sig.v1+json",
                "application/vnd.dev.cosign.simplesigning.v1+json", "{\"critical\":{\"sbom\":true}}", sbom);
        sbomSignature = Digest.parse(ofSbom.get("digest").asText());
        ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ArrayNode manifests = (ArrayNode) index.get("manifests");
        for (ObjectNode d : List.of(signature, sbom, ofSbom)) {
            manifests.add(d); // unnamed entries, as oras writes referrers
        }
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    static ObjectNode descriptorOf(Path layout, Digest manifest) throws IOException {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        d.put("digest", manifest.toString());
        d.put("size", Files.size(Layouts.blobPath(layout, manifest)));
        return d;
    }

    private static ObjectNode blob(Path layout, String mediaType, byte[] bytes) throws IOException {
        Digest d = Digest.sha256(bytes);
        Files.write(Layouts.blobPath(layout, d), bytes);
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", mediaType);
        n.put("digest", d.toString());
        n.put("size", bytes.length);
        return n;
    }

    /** An artifact manifest (empty config, one layer) whose subject is {@code subject}; its descriptor. */
    static ObjectNode artifact(Path layout, String artifactType, String layerType, String payload, ObjectNode subject)
            throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.put("artifactType", artifactType);
        m.set("config", blob(layout, EMPTY, "{}".getBytes(StandardCharsets.UTF_8)));
        m.putArray("layers").add(blob(layout, layerType, payload.getBytes(StandardCharsets.UTF_8)));
        m.set("subject", subject);
        ObjectNode d = blob(layout, "application/vnd.oci.image.manifest.v1+json", JSON.writeValueAsBytes(m));
        d.put("artifactType", artifactType);
        return d;
    }

    private static String referrers(String location) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), "referrers", location), err.toString());
        return out.toString().lines().skip(1).reduce("", (a, b) -> a + b + "\n"); // the tree, without the location line
    }

    @Test
    void theTreeSurvivesRegistryToArchiveToRegistry() throws IOException {
        String first = registry.docker("signed/app:v1");
        String second = registry.docker("signed/again:v1");
        Path archive = tmp.resolve("signed.tar");
        Cli.ok("copy", "-q", "--referrers", "oci:" + layout + ":v1", first);
        Cli.ok("copy", "-q", "--referrers", first, "oci-archive:" + archive);
        Cli.ok("copy", "-q", "--referrers", "oci-archive:" + archive, second);
        String tree = referrers(first);
        assertTrue(tree.contains("application/spdx+json") && tree.contains(sbomSignature.toString()), tree);
        assertEquals(3, tree.lines().count(), tree);
        assertEquals(tree, referrers(second), "the same referrers, the same digests, at both ends");
        assertEquals(tree, referrers("oci-archive:" + archive));
    }

    @Test
    void aRottenReferrerFailsTheCopyUnlessBestEffort() throws IOException {
        Path rotten = tmp.resolve("rotten");
        Cli.ok("copy", "-q", "--referrers", "oci:" + layout + ":v1", "oci:" + rotten + ":v1");
        Path sig = Layouts.blobPath(rotten, sbomSignature);
        byte[] bytes = Files.readAllBytes(sig);
        bytes[bytes.length - 3] ^= 1;
        Files.write(sig, bytes);

        Path strict = tmp.resolve("strict");
        StringWriter err = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "copy", "-q", "--referrers",
                "oci:" + rotten + ":v1", "oci:" + strict));
        assertTrue(err.toString().contains(sbomSignature.hex()), err.toString());
        assertFalse(Files.exists(strict), "nothing written");

        Path lenient = tmp.resolve("lenient");
        Cli.ok("copy", "-q", "--referrers=best-effort", "oci:" + rotten + ":v1", "oci:" + lenient);
        assertTrue(Files.isRegularFile(lenient.resolve("index.json")), "the image copied");
    }
}
