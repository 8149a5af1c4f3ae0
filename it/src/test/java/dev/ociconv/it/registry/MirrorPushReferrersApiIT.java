package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.converter.cli.Main;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Layouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mirror push} into a registry that has the referrers API (OCI distribution 1.1, as zot,
 * Harbor 2.8+ and registry 3 have; registry:2 2.8 here has not, see {@link ReferrersApiRegistry}):
 * an image with a signature, an SBOM and a signature of the SBOM, carried in a bundle, arrives
 * with every referrer attached through the API — the registry answers {@code OCI-Subject}, so
 * no fallback tag is written — and {@code ociconv referrers} reads the tree back through it.
 */
class MirrorPushReferrersApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void referrersArriveThroughTheApiWithoutFallbackTags() throws IOException {
        Path file = Files.writeString(tmp.resolve("app.txt"), "app\n");
        Path layout = tmp.resolve("signed");
        Cli.ok("build", "-q", "--compress", "gzip", "--add", file + ":/app.txt", "-o", "oci:" + layout + ":v1");
        ObjectNode image = ReferrersRoundTripIT.descriptorOf(layout, Layouts.onlyRoot(layout));
        ObjectNode signature = ReferrersRoundTripIT.artifact(layout, "application/vnd.dev.cosign.artifact.sig.v1+json",
                "application/vnd.dev.cosign.simplesigning.v1+json", "{\"critical\":{\"image\":\"v1\"}}", image);
        ObjectNode sbom = ReferrersRoundTripIT.artifact(layout, "application/spdx+json", "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}", image);
        ObjectNode ofSbom = ReferrersRoundTripIT.artifact(layout, "application/vnd.dev.cosign.artifact.sig.v1+json",
                "application/vnd.dev.cosign.simplesigning.v1+json", "{\"critical\":{\"sbom\":true}}", sbom);
        ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ArrayNode manifests = (ArrayNode) index.get("manifests");
        for (ObjectNode d : List.of(signature, sbom, ofSbom)) {
            manifests.add(d);
        }
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));

        Path list = Files.writeString(tmp.resolve("images.yaml"),
                "images:\n  - name: oci:" + layout + ":v1\n    as: registry.example/team/app:v1\n");
        Path bundle = tmp.resolve("bundle");
        Cli.ok("mirror", "-q", "--images", list.toString(), bundle.toString());
        Cli.ok("mirror", "verify", bundle.toString());

        try (ReferrersApiRegistry far = new ReferrersApiRegistry()) {
            Cli.ok("mirror", "push", "-q", bundle.toString(), far.hostPort() + "/mirror");
            List<String> puts = far.manifestPuts;
            assertTrue(puts.contains("mirror/team/app:v1"), puts.toString());
            for (ObjectNode r : List.of(signature, sbom, ofSbom)) {
                assertTrue(puts.contains("mirror/team/app:" + r.get("digest").asText()), "referrer pushed by digest: " + puts);
            }
            assertFalse(puts.stream().anyMatch(p -> p.contains(":sha256-")), "no fallback tag where the API indexed the subject: " + puts);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), "referrers", "docker://" + far.hostPort()
                    + "/mirror/team/app:v1"), err.toString());
            String tree = out.toString();
            for (ObjectNode r : List.of(signature, sbom, ofSbom)) {
                assertTrue(tree.contains(r.get("digest").asText().substring(7, 19)), r.get("digest") + " in\n" + tree);
            }
            assertTrue(far.referrerQueries.stream().anyMatch(q -> q.contains("/referrers/" + image.get("digest").asText())),
                    "read through the referrers API: " + far.referrerQueries);
        }
    }
}
