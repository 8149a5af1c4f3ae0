package dev.ociconv.registry;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;
import dev.ociconv.registry.auth.CredentialStore;
import dev.ociconv.registry.auth.Credentials;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.ociconv.registry.MockRegistries.ok;
import static dev.ociconv.registry.MockRegistries.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobsTest {
    static final byte[] DATA = new byte[300_000];

    static {
        new Random(42).nextBytes(DATA);
    }

    static final Digest DIGEST = Digest.sha256(DATA);

    @StartStop
    final MockWebServer server = new MockWebServer();
    @StartStop
    final MockWebServer storage = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static MockResponse blob(byte[] bytes) {
        return new MockResponse.Builder().code(200).body(new Buffer().write(bytes)).build();
    }

    @Test
    void redirectToStorageCarriesNoAuthorization() throws Exception {
        CredentialStore alice = new CredentialStore(Credentials.basic("alice", "pw"), List.of(), null);
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Basic realm=\"r\"").build());
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(307)
                .setHeader("Location", storage.url("/bucket/blob?X-Amz-Signature=abc").toString()).build());
        storage.enqueue(blob(DATA));
        assertArrayEquals(DATA, readAll(mocks.client(server, alice).openBlob("a/b", DIGEST, DATA.length)));
        take(server);
        take(server);
        RecordedRequest atRegistry = take(server);
        assertNotNull(atRegistry.getHeaders().get("Authorization"), "the registry itself gets credentials");
        RecordedRequest atStorage = take(storage);
        assertEquals("abc", atStorage.getUrl().queryParameter("X-Amz-Signature"));
        assertNull(atStorage.getHeaders().get("Authorization"), "credentials leaked to the storage host");
        assertNull(atStorage.getHeaders().get("Cookie"));
    }

    /** Serves DATA; a first plain GET is cut off half way, a ranged GET gets a 206 from the offset. */
    private static final class CuttingDispatcher extends Dispatcher {
        final List<String> ranges = new CopyOnWriteArrayList<>();
        final String contentRangeOverride;
        final boolean ignoreRange;

        CuttingDispatcher(String contentRangeOverride, boolean ignoreRange) {
            this.contentRangeOverride = contentRangeOverride;
            this.ignoreRange = ignoreRange;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/v2/")) {
                return ok();
            }
            String range = request.getHeaders().get("Range");
            ranges.add(String.valueOf(range));
            if (range == null) {
                return new MockResponse.Builder().code(200).body(new Buffer().write(DATA))
                        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
            }
            if (ignoreRange) {
                return blob(DATA);
            }
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            return new MockResponse.Builder().code(206)
                    .setHeader("Content-Range", contentRangeOverride != null ? contentRangeOverride
                            : "bytes " + from + "-" + (DATA.length - 1) + "/" + DATA.length)
                    .body(new Buffer().write(Arrays.copyOfRange(DATA, from, DATA.length))).build();
        }
    }

    @Test
    void droppedBodyIsResumedWithRange() throws Exception {
        CuttingDispatcher d = new CuttingDispatcher(null, false);
        server.setDispatcher(d);
        assertArrayEquals(DATA, readAll(mocks.client(server).openBlob("a/b", DIGEST, DATA.length)));
        assertEquals(2, d.ranges.size(), d.ranges.toString());
        assertTrue(d.ranges.get(1).matches("bytes=[1-9][0-9]*-"), d.ranges.toString());
    }

    @Test
    void resumeIgnoredByTheServerRestartsAndSkips() throws Exception {
        CuttingDispatcher d = new CuttingDispatcher(null, true);
        server.setDispatcher(d);
        assertArrayEquals(DATA, readAll(mocks.client(server).openBlob("a/b", DIGEST, DATA.length)));
        assertEquals(2, d.ranges.size());
    }

    @Test
    void wrongContentRangeFails() throws Exception {
        server.setDispatcher(new CuttingDispatcher("bytes 0-9/" + DATA.length, false));
        IOException e = assertThrows(IOException.class, () -> readAll(mocks.client(server).openBlob("a/b", DIGEST, DATA.length)));
        assertTrue(e.getMessage().contains("resumed at byte"), e.getMessage());
    }

    /** A later run's resume: the rest alone from a 206; a 200 (ranges ignored) says so instead of sending the whole again; a wrong range fails. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"206 from the offset", "200 whole blob", "206 from elsewhere"})
    void aBlobIsOpenedFromAnOffsetOnlyWhereTheRegistryServesIt(String served) throws Exception {
        int from = 123_456;
        CuttingDispatcher d = new CuttingDispatcher(served.equals("206 from elsewhere") ? "bytes 0-9/" + DATA.length : null,
                served.equals("200 whole blob"));
        server.setDispatcher(d);
        RegistryClient c = mocks.client(server);
        switch (served) {
            case "206 from the offset" -> {
                byte[] rest = readAll(c.openBlobFrom("a/b", DIGEST, DATA.length, from).orElseThrow());
                assertArrayEquals(Arrays.copyOfRange(DATA, from, DATA.length), rest);
            }
            case "200 whole blob" -> assertTrue(c.openBlobFrom("a/b", DIGEST, DATA.length, from).isEmpty());
            default -> assertTrue(assertThrows(IOException.class, () -> c.openBlobFrom("a/b", DIGEST, DATA.length, from))
                    .getMessage().contains("resumed at byte " + from));
        }
        assertEquals(List.of("bytes=" + from + "-"), d.ranges);
        assertThrows(IllegalArgumentException.class, () -> c.openBlobFrom("a/b", DIGEST, DATA.length, DATA.length));
    }

    @Test
    void wrongBytesFailWithDigestMismatch() throws Exception {
        byte[] wrong = DATA.clone();
        wrong[7] ^= 1;
        server.enqueue(ok());
        server.enqueue(blob(wrong));
        assertThrows(DigestMismatchException.class, () -> readAll(mocks.client(server).openBlob("a/b", DIGEST, DATA.length)));
    }

    @Test
    void headTellsPresenceAndSize() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "12").build());
        server.enqueue(new MockResponse.Builder().code(404).build());
        RegistryClient c = mocks.client(server);
        assertEquals(12L, c.blobSize("a/b", DIGEST).orElseThrow());
        assertTrue(c.blobSize("a/b", DIGEST).isEmpty());
    }

    @Test
    void smallKnownBlobIsPutMonolithicallyKeepingLocationQuery() throws Exception {
        byte[] small = "{\"config\":true}".getBytes();
        Digest d = Digest.sha256(small);
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(202)
                .setHeader("Location", "/v2/a/b/blobs/uploads/u1?_state=xyz").build());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Docker-Content-Digest", d.toString()).build());
        StoredBlob stored = mocks.client(server).pushBlob("a/b",
                new BlobWrite(MediaType.OCI_CONFIG, d, small.length, out -> out.write(small)));
        assertEquals(new StoredBlob(d, small.length), stored);
        take(server);
        RecordedRequest post = take(server);
        assertEquals("POST", post.getMethod());
        assertEquals("/v2/a/b/blobs/uploads/", post.getUrl().encodedPath());
        RecordedRequest put = take(server);
        assertEquals("PUT", put.getMethod());
        assertEquals("xyz", put.getUrl().queryParameter("_state"));
        assertEquals(d.toString(), put.getUrl().queryParameter("digest"));
        assertArrayEquals(small, put.getBody().toByteArray());
    }

    /** An upload session on another server is refused by name: the image's bytes stay on the registry. */
    @Test
    void uploadLocationOnAnotherHostIsRefused() throws Exception {
        byte[] small = "{\"config\":true}".getBytes();
        Digest d = Digest.sha256(small);
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(202)
                .setHeader("Location", "http://169.254.169.254:80/v2/a/b/blobs/uploads/u1").build());
        IOException e = assertThrows(IOException.class, () -> mocks.client(server).pushBlob("a/b",
                new BlobWrite(MediaType.OCI_CONFIG, d, small.length, out -> out.write(small))));
        assertTrue(e.getMessage().contains("the registry sent the upload to http://169.254.169.254:80, another server; refused"),
                e.getMessage());
        assertEquals(2, server.getRequestCount(), "nothing sent after the POST");
    }

    @Test
    void unknownDigestIsStreamedWithPatchThenPut() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(202).setHeader("Location", "u2")
                .setHeader("OCI-Chunk-Min-Length", "1000").build());
        server.enqueue(new MockResponse.Builder().code(202)
                .setHeader("Location", server.url("/v2/a/b/blobs/uploads/u2?_state=s2").toString()).build());
        server.enqueue(new MockResponse.Builder().code(201).build());
        StoredBlob stored = mocks.client(server).pushBlob("a/b", new BlobWrite(MediaType.OCI_LAYER_GZIP, null, -1, out -> {
            for (int off = 0; off < DATA.length; off += 10_000) {
                out.write(DATA, off, Math.min(10_000, DATA.length - off));
            }
        }));
        assertEquals(new StoredBlob(DIGEST, DATA.length), stored);
        take(server);
        take(server);
        RecordedRequest patch = take(server);
        assertEquals("PATCH", patch.getMethod());
        assertEquals("/v2/a/b/blobs/uploads/u2", patch.getUrl().encodedPath(), "relative Location resolved");
        assertEquals("chunked", patch.getHeaders().get("Transfer-Encoding"));
        assertArrayEquals(DATA, patch.getBody().toByteArray());
        RecordedRequest put = take(server);
        assertEquals("s2", put.getUrl().queryParameter("_state"));
        assertEquals(DIGEST.toString(), put.getUrl().queryParameter("digest"));
        assertEquals(0, put.getBodySize());
    }

    @Test
    void streamedContentNotMatchingItsExpectedDigestIsCancelled() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(202).setHeader("Location", "/v2/a/b/blobs/uploads/u3").build());
        server.enqueue(new MockResponse.Builder().code(202).build());
        server.enqueue(new MockResponse.Builder().code(204).build());
        Digest other = Digest.sha256(new byte[]{1});
        assertThrows(DigestMismatchException.class, () -> mocks.client(server).pushBlob("a/b",
                new BlobWrite(MediaType.OCI_LAYER_GZIP, other, -1, out -> out.write(DATA))));
        take(server);
        take(server);
        take(server);
        assertEquals("DELETE", take(server).getMethod());
        assertEquals(4, server.getRequestCount(), "no PUT after a mismatch");
    }

    @Test
    void mountAnswers201Or202() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(201).build());
        server.enqueue(new MockResponse.Builder().code(202).setHeader("Location", "/v2/a/b/blobs/uploads/u4").build());
        server.enqueue(new MockResponse.Builder().code(204).build());
        RegistryClient c = mocks.client(server);
        assertTrue(c.mountBlob("a/b", DIGEST, "other/repo"));
        assertFalse(c.mountBlob("a/b", DIGEST, "other/repo"));
        take(server);
        RecordedRequest mount = take(server);
        assertEquals("POST", mount.getMethod());
        assertEquals(DIGEST.toString(), mount.getUrl().queryParameter("mount"));
        assertEquals("other/repo", mount.getUrl().queryParameter("from"));
        take(server);
        RecordedRequest cancel = take(server);
        assertEquals("DELETE", cancel.getMethod());
        assertEquals("/v2/a/b/blobs/uploads/u4", cancel.getUrl().encodedPath());
    }

    @Test
    void failureOfTheContentWhileStreamingSurfacesAsIsAndCancels() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(202).setHeader("Location", "/v2/a/b/blobs/uploads/u5").build());
        server.enqueue(new MockResponse.Builder().code(202).build());
        server.enqueue(new MockResponse.Builder().code(204).build());
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> mocks.client(server).pushBlob("a/b",
                new BlobWrite(MediaType.OCI_LAYER_GZIP, null, -1, out -> {
                    out.write(DATA, 0, 1000);
                    throw new DigestMismatchException("source layer: digest differs");
                })));
        assertEquals("source layer: digest differs", e.getMessage());
    }

    @Test
    void digestAppendedToLocationReplacesAnyGivenOne() {
        var url = okhttp3.HttpUrl.get("https://r.example/v2/x/blobs/uploads/u?_state=a%2Bb&digest=sha256:bad");
        var out = BlobUploads.withDigest(url, DIGEST);
        assertEquals(List.of(DIGEST.toString()), out.queryParameterValues("digest"));
        assertEquals("a+b", out.queryParameter("_state"));
    }
}
