package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.media.MediaType;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static dev.ociconv.registry.MockRegistries.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifest GET/HEAD responses from a hostile or broken registry (issue 6, item 6): a
 * {@code Content-Type} disagreeing with the document, ambiguous documents, bodies over the cap
 * and malformed {@code Docker-Content-Digest} headers are refused with one clear message.
 */
class HostileManifestResponsesTest {
    private static final String OCI_M = MediaType.OCI_MANIFEST.value();
    private static final String OCI_I = MediaType.OCI_INDEX.value();
    private static final String DOCKER_M = MediaType.DOCKER_MANIFEST.value();
    private static final String DOCKER_L = MediaType.DOCKER_MANIFEST_LIST.value();
    private static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
            + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}";

    @StartStop
    final MockWebServer server = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();

    private static String manifest(String mediaType) {
        return "{\"schemaVersion\":2," + (mediaType == null ? "" : "\"mediaType\":\"" + mediaType + "\",")
                + "\"config\":" + CONFIG + ",\"layers\":[]}";
    }

    private static String index(String mediaType) {
        return "{\"schemaVersion\":2," + (mediaType == null ? "" : "\"mediaType\":\"" + mediaType + "\",") + "\"manifests\":[]}";
    }

    private IOException refused(String contentType, String body) throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", contentType).body(body).build());
        IOException e = assertThrows(IOException.class, () -> mocks.client(server).getManifest("a/b", "v1"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "Content-Type {0} vs document {1}")
    @CsvSource({
            "OCI_M, DOCKER_M, disagrees with the document's mediaType",
            "DOCKER_M, OCI_M, disagrees with the document's mediaType",
            "OCI_I, OCI_M, disagrees with the document's mediaType",
            "DOCKER_L, OCI_I, disagrees with the document's mediaType",
            "OCI_M, OCI_I, disagrees with the document's mediaType",
    })
    void contentTypeDisagreeingWithTheDocumentsMediaTypeIsRefused(String served, String declared, String fragment) throws Exception {
        String body = declared.endsWith("_I") || declared.endsWith("_L") ? index(type(declared)) : manifest(type(declared));
        IOException e = refused(type(served), body);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest(name = "Content-Type {0} vs untyped {1}")
    @CsvSource({"OCI_I, manifest", "DOCKER_L, manifest", "OCI_M, index", "DOCKER_M, index"})
    void contentTypeDisagreeingWithAnUntypedDocumentsShapeIsRefused(String served, String shape) throws Exception {
        IOException e = refused(type(served), shape.equals("index") ? index(null) : manifest(null));
        assertTrue(e.getMessage().contains("disagrees with the document's shape"), e.getMessage());
    }

    @Test
    void manifestWithManifestsIsAmbiguous() throws Exception {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_M + "\",\"manifests\":[]}";
        assertTrue(refused(OCI_M, body).getMessage().contains("ambiguous document"));
    }

    @Test
    void indexWithLayersIsAmbiguous() throws Exception {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_I + "\",\"manifests\":[],\"layers\":[]}";
        assertTrue(refused(OCI_I, body).getMessage().contains("ambiguous document"));
    }

    @Test
    void untypedDocumentWithBothShapesIsAmbiguous() throws Exception {
        String body = "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[],\"manifests\":[]}";
        assertTrue(refused("application/json", body).getMessage().contains("ambiguous document"));
    }

    @Test
    void notAnObjectIsRefused() throws Exception {
        assertTrue(refused(OCI_M, "[1,2]").getMessage().contains("not a JSON object"));
    }

    @Test
    void agreeingDocumentsStillPass() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OCI_I + "; charset=utf-8")
                .body(index(OCI_I)).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(manifest(DOCKER_M)).build());
        RegistryClient c = mocks.client(server);
        assertEquals(MediaType.OCI_INDEX, c.getManifest("a/b", "v1").mediaType());
        assertEquals(MediaType.DOCKER_MANIFEST, c.getManifest("a/b", "v2").mediaType());
    }

    @Test
    void chunkedBodyOverTheCapIsRefusedWithoutBufferingIt() throws Exception {
        server.enqueue(ok());
        Buffer big = new Buffer().writeUtf8("{\"pad\":\"" + "x".repeat(10_000) + "\"}");
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OCI_M).chunkedBody(big, 512).build());
        String hostPort = server.getHostName() + ":" + server.getPort();
        RegistryClient c = new RegistryClient(hostPort, RegistryEndpoint.plainHttp(hostPort),
                mocks.options().withLimits(new Limits(1000, 1000, 1000, 10, 10, 10)));
        assertThrows(BoundedReads.TooLargeException.class, () -> c.getManifest("a/b", "v1"));
    }

    @ParameterizedTest(name = "GET with Docker-Content-Digest {0}")
    @CsvSource({"sha256:../../x", "sha256:/etc/passwd", "md5:abc", "sha256:ABCDEF", "'sha256:0000 ../x'"})
    void malformedDigestHeaderOnGetIsRefused(String header) throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OCI_M)
                .setHeader("Docker-Content-Digest", header).body(manifest(OCI_M)).build());
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> mocks.client(server).getManifest("a/b", "v1"));
        assertTrue(e.getMessage().contains("malformed Docker-Content-Digest header"), e.getMessage());
    }

    @Test
    void malformedDigestHeaderOnHeadIsRefused() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OCI_M)
                .setHeader("Docker-Content-Digest", "sha256:../../x").setHeader("Content-Length", "42").build());
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> mocks.client(server).headManifest("a/b", "v1"));
        assertTrue(e.getMessage().contains("malformed Docker-Content-Digest header 'sha256:../../x'"), e.getMessage());
    }

    private static String type(String name) {
        return switch (name) {
            case "OCI_M" -> OCI_M;
            case "OCI_I" -> OCI_I;
            case "DOCKER_M" -> DOCKER_M;
            case "DOCKER_L" -> DOCKER_L;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
