package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.registry.auth.CredentialStore;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.ociconv.registry.MockRegistries.json;
import static dev.ociconv.registry.MockRegistries.ok;
import static dev.ociconv.registry.MockRegistries.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestsTest {
    static final byte[] BYTES = AuthFlowTest.MANIFEST.getBytes(StandardCharsets.UTF_8);
    static final Digest DIGEST = Digest.sha256(BYTES);
    static final Digest OTHER = Digest.sha256(new byte[]{1});

    @StartStop
    final MockWebServer server = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();

    private static MockResponse manifest(Digest header) {
        MockResponse.Builder b = new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json").body(AuthFlowTest.MANIFEST);
        return (header == null ? b : b.setHeader("Docker-Content-Digest", header.toString())).build();
    }

    @Test
    void getSendsEveryAcceptAndVerifiesTheDigestHeader() throws Exception {
        server.enqueue(ok());
        server.enqueue(manifest(DIGEST));
        RawDocument doc = mocks.client(server).getManifest("a/b", "v1");
        assertEquals(DIGEST, doc.digest());
        assertEquals(MediaType.OCI_MANIFEST, doc.mediaType());
        take(server);
        RecordedRequest get = take(server);
        assertEquals("/v2/a/b/manifests/v1", get.getUrl().encodedPath());
        List<String> accept = get.getHeaders().values("Accept");
        for (MediaType t : Manifests.ACCEPTED) {
            assertTrue(accept.contains(t.value()), accept.toString());
        }
        assertTrue(get.getHeaders().get("User-Agent").startsWith("ociconv/"));
    }

    @Test
    void digestHeaderMismatchIsRejected() throws Exception {
        server.enqueue(ok());
        server.enqueue(manifest(OTHER));
        assertThrows(DigestMismatchException.class, () -> mocks.client(server).getManifest("a/b", "v1"));
    }

    @Test
    void bytesNotMatchingTheReferenceDigestAreRejected() throws Exception {
        server.enqueue(ok());
        server.enqueue(manifest(null));
        assertThrows(DigestMismatchException.class, () -> mocks.client(server).getManifest("a/b", OTHER.toString()));
    }

    @Test
    void oversizedManifestIsRefused() throws Exception {
        server.enqueue(ok());
        server.enqueue(manifest(null));
        String hostPort = server.getHostName() + ":" + server.getPort();
        RegistryClient c = new RegistryClient(hostPort, RegistryEndpoint.plainHttp(hostPort),
                mocks.options().withLimits(new Limits(100, 100, 100, 10, 10, 10)));
        assertThrows(BoundedReads.TooLargeException.class, () -> c.getManifest("a/b", "v1"));
    }

    @Test
    void putSendsExactBytesWithTheDocumentsMediaType() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Docker-Content-Digest", DIGEST.toString()).build());
        RawDocument doc = RawDocument.of(BYTES, MediaType.OCI_MANIFEST);
        assertEquals(DIGEST, mocks.client(server).putManifest("a/b", "v1", doc));
        take(server);
        RecordedRequest put = take(server);
        assertEquals("PUT", put.getMethod());
        assertEquals("application/vnd.oci.image.manifest.v1+json", put.getHeaders().get("Content-Type"));
        assertArrayEquals(BYTES, put.getBody().toByteArray());
    }

    @Test
    void putWhoseReportedDigestDiffersFails() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Docker-Content-Digest", OTHER.toString()).build());
        RawDocument doc = RawDocument.of(BYTES, MediaType.OCI_MANIFEST);
        assertThrows(DigestMismatchException.class, () -> mocks.client(server).putManifest("a/b", "v1", doc));
    }

    @Test
    void errorBodyIsRenderedOnOneLine() throws Exception {
        server.enqueue(ok());
        server.enqueue(json(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest\\nunknown\","
                + "\"detail\":{\"Tag\":\"v1\"}}]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> mocks.client(server).getManifest("a/b", "v1"));
        assertEquals(404, e.status());
        assertTrue(e.hasCode("MANIFEST_UNKNOWN"));
        assertTrue(e.getMessage().startsWith("GET http://"), e.getMessage());
        assertTrue(e.getMessage().contains("/v2/a/b/manifests/v1: 404"), e.getMessage());
        assertTrue(e.getMessage().endsWith("MANIFEST_UNKNOWN: manifest unknown"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void nonJsonErrorBodyStillGivesStatus() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(500).body("<html>oops</html>").build());
        RegistryException e = assertThrows(RegistryException.class,
                () -> new RegistryClient("h", RegistryEndpoint.plainHttp(server.getHostName() + ":" + server.getPort()),
                        mocks.options().withRetry(dev.ociconv.registry.http.RetryPolicy.NONE)).getManifest("a/b", "v1"));
        assertEquals(500, e.status());
        assertTrue(e.errors().isEmpty());
    }

    @Test
    void headOfMissingManifestIsEmpty() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(404).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Docker-Content-Digest", DIGEST.toString())
                .setHeader("Content-Type", MediaType.DOCKER_MANIFEST.value())
                .setHeader("Content-Length", "42").build());
        RegistryClient c = mocks.client(server);
        assertTrue(c.headManifest("a/b", "v1").isEmpty());
        var d = c.headManifest("a/b", "v2").orElseThrow();
        assertEquals(DIGEST, d.digest());
        assertEquals(MediaType.DOCKER_MANIFEST, d.mediaType());
    }

    @Test
    void tagsFollowLinkPagination() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Link", "</v2/a/b/tags/list?n=2&last=t2>; rel=\"next\"")
                .body("{\"name\":\"a/b\",\"tags\":[\"t1\",\"t2\"]}").build());
        server.enqueue(json(200, "{\"name\":\"a/b\",\"tags\":[\"t3\"]}"));
        assertEquals(List.of("t1", "t2", "t3"), mocks.client(server).tags("a/b"));
        take(server);
        take(server);
        RecordedRequest second = take(server);
        assertEquals("/v2/a/b/tags/list", second.getUrl().encodedPath());
        assertEquals("t2", second.getUrl().queryParameter("last"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "application/json | {\"schemaVersion\":1,\"name\":\"a\",\"fsLayers\":[]} | schemaVersion 1)",
            "application/vnd.docker.distribution.manifest.v1+prettyjws | {\"schemaVersion\":1,\"signatures\":[]} | schemaVersion 1, signed)",
            "application/vnd.docker.distribution.manifest.v1+json | {\"name\":\"a\"} | schemaVersion 1)",
    })
    void aSchemaOneManifestIsNamedAsSuch(String contentType, String body, String tail) {
        IOException e = assertThrows(IOException.class,
                () -> Manifests.mediaTypeOf(body.getBytes(StandardCharsets.UTF_8), contentType, "m"));
        assertTrue(e.getMessage().startsWith("m: Docker schema 1 manifests are not supported (the registry served " + tail.replace(")", "")),
                e.getMessage());
    }

    @Test
    void aLinkToAnotherServerIsNotFollowed() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Link", "<http://169.254.169.254/latest/meta-data?last=t1>; rel=\"next\"")
                .body("{\"name\":\"a/b\",\"tags\":[\"t1\"]}").build());
        IOException e = assertThrows(IOException.class, () -> mocks.client(server).tags("a/b"));
        assertTrue(e.getMessage().contains("page 2 is on another server (http://169.254.169.254:80)"), e.getMessage());
        assertEquals(2, server.getRequestCount(), "nothing was sent elsewhere, nor asked again");
    }

    @Test
    void aLinkBackToAPageAlreadyReadStops() throws Exception {
        server.enqueue(ok());
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(200)
                    .setHeader("Link", "</v2/a/b/tags/list?last=t1>; rel=\"next\"")
                    .body("{\"name\":\"a/b\",\"tags\":[\"t1\"]}").build());
        }
        IOException e = assertThrows(IOException.class, () -> mocks.client(server).tags("a/b"));
        assertTrue(e.getMessage().contains("page 3 links back to a page already read (/v2/a/b/tags/list?last=t1); stopped"),
                e.getMessage());
    }

    @Test
    void badManifestReferencesNeverReachTheUrl() throws Exception {
        server.enqueue(ok());
        RegistryClient c = mocks.client(server, CredentialStore.anonymous());
        assertThrows(IllegalArgumentException.class, () -> c.getManifest("a/b", "../../x"));
    }
}
