package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.ociconv.it.support.Layouts;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image whose first layer is non-distributable: an OCI layout that leaves it out (as image-spec
 * allows) and lists a URL on a loopback server. A docker save destination, which docker load could
 * not read without it, refuses by name; --allow-nondistributable-artifacts fetches it from the URL,
 * verified (a server that serves other bytes is refused), and the archive is complete (skopeo and
 * validate read it); a layout destination keeps the reference without the flag.
 */
class ForeignLayersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static Cli cli;
    private static Path layout;
    private static byte[] layer;
    private static volatile boolean lie;
    private static HttpServer server;

    @BeforeAll
    static void foreignImage() throws IOException {
        cli = Cli.in(tmp);
        Path file = Files.writeString(tmp.resolve("base.txt"), "a base layer that only its vendor may distribute\n".repeat(100));
        layout = tmp.resolve("foreign");
        assertEquals(0, cli.ociconv("build", "-q", "--compress", "gzip", "--add", file + ":/base.txt", "-o", "oci:" + layout + ":v1").exit());
        server = LoopbackHttp.create(8);
        server.createContext("/layer", exchange -> {
            byte[] body = lie ? "other bytes".getBytes() : layer;
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Digest manifestDigest = Layouts.onlyRoot(layout);
        ObjectNode manifest = (ObjectNode) Layouts.json(layout, manifestDigest);
        ObjectNode l = (ObjectNode) manifest.get("layers").get(0);
        Digest layerDigest = Digest.parse(l.get("digest").asText());
        layer = Files.readAllBytes(Layouts.blobPath(layout, layerDigest));
        Files.delete(Layouts.blobPath(layout, layerDigest)); // left out of the layout, as image-spec allows for these
        l.put("mediaType", "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
        l.putArray("urls").add("http://127.0.0.1:" + server.getAddress().getPort() + "/layer");
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        Digest rewritten = Digest.sha256(bytes);
        Files.write(Layouts.blobPath(layout, rewritten), bytes);
        ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        entry.put("digest", rewritten.toString());
        entry.put("size", bytes.length);
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aDockerArchiveRefusesWithoutTheFlagAndIsCompleteWithIt() throws IOException {
        Path refused = tmp.resolve("refused.tar");
        Cli.Result r = cli.ociconv("copy", "oci:" + layout + ":v1", "docker-archive:" + refused + ":vendor/base:1");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("non-distributable") && r.err().contains("--allow-nondistributable-artifacts"), r.err());
        assertEquals(1, r.errLines().size(), r.toString());
        assertFalse(Files.exists(refused));

        Path archive = tmp.resolve("complete.tar");
        Cli.Result ok = cli.ociconv("copy", "-q", "--allow-nondistributable-artifacts", "oci:" + layout + ":v1",
                "docker-archive:" + archive + ":vendor/base:1");
        assertEquals(0, ok.exit(), ok.toString());
        Cli.Result valid = cli.ociconv("validate", archive.toString());
        assertEquals(0, valid.exit(), valid.toString());
        Cli.Result skopeo = cli.skopeo("inspect", "docker-archive:" + archive);
        assertEquals(0, skopeo.exit(), skopeo.toString());
    }

    @Test
    void fetchedBytesAreHeldToTheDigest() throws IOException {
        lie = true;
        try {
            Path archive = tmp.resolve("lied.tar");
            Cli.Result r = cli.ociconv("copy", "-q", "--allow-nondistributable-artifacts", "oci:" + layout + ":v1",
                    "docker-archive:" + archive + ":vendor/base:1");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("bytes, the descriptor says") || r.err().contains("digest"), r.err());
            assertFalse(Files.exists(archive));
        } finally {
            lie = false;
        }
    }

    @Test
    void aLayoutKeepsTheReferenceWithoutTheFlag() throws IOException {
        Path copy = tmp.resolve("copy");
        Cli.Result r = cli.ociconv("copy", "-q", "oci:" + layout + ":v1", "oci:" + copy + ":v1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(Layouts.onlyRoot(layout), Layouts.onlyRoot(copy), "the manifest as it is, urls and all");
    }
}
