package dev.ociconv.registry;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.ociconv.registry.MockRegistries.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The referrers API, its Link pages and its fallback tag, against a scripted registry. */
class ReferrersTest {
    private static final Digest SUBJECT = Digest.sha256(new byte[]{1});
    private static final String SIG = "sha256:" + "a".repeat(64);
    private static final String SBOM = "sha256:" + "b".repeat(64);

    @StartStop
    final MockWebServer server = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();

    private static String index(String... entries) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + String.join(",", entries) + "]}";
    }

    private static String entry(String digest, String artifactType) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest
                + "\",\"size\":500,\"artifactType\":\"" + artifactType + "\"}";
    }

    private static MockResponse indexResponse(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", MediaType.OCI_INDEX.value()).body(body).build();
    }

    private List<String> digests(List<Descriptor> ds) {
        return ds.stream().map(d -> d.digest().toString()).toList();
    }

    @Test
    void apiPagesAreFollowedAndTheFilterIsAppliedHereToo() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", MediaType.OCI_INDEX.value())
                .setHeader("Link", "</v2/a/b/referrers/" + SUBJECT + "?n=1&last=x>; rel=\"next\"")
                .body(index(entry(SIG, "application/vnd.dev.cosign.artifact.sig.v1+json"))).build());
        server.enqueue(indexResponse(index(entry(SBOM, "application/spdx+json"))));
        try (RegistryClient c = mocks.client(server)) {
            assertEquals(List.of(SIG, SBOM), digests(c.referrers("a/b", SUBJECT, Optional.empty())));
        }
        server.takeRequest();
        RecordedRequest first = server.takeRequest();
        assertEquals("/v2/a/b/referrers/" + SUBJECT, first.getUrl().encodedPath());
        assertEquals(MediaType.OCI_INDEX.value(), first.getHeaders().get("Accept"));
        assertEquals("/v2/a/b/referrers/" + SUBJECT, server.takeRequest().getUrl().encodedPath());

        // a registry that ignores artifactType: the filter still holds
        server.enqueue(ok());
        server.enqueue(indexResponse(index(entry(SIG, "x/sig"), entry(SBOM, "application/spdx+json"))));
        try (RegistryClient c = mocks.client(server)) {
            assertEquals(List.of(SBOM), digests(c.referrers("a/b", SUBJECT, Optional.of("application/spdx+json"))));
        }
    }

    @Test
    void withoutTheApiTheFallbackTagIsRead() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
        server.enqueue(indexResponse(index(entry(SIG, "x/sig"))));
        try (RegistryClient c = mocks.client(server)) {
            assertEquals(List.of(SIG), digests(c.referrers("a/b", SUBJECT, Optional.empty())));
        }
        server.takeRequest();
        server.takeRequest();
        assertEquals("/v2/a/b/manifests/sha256-" + SUBJECT.hex(), server.takeRequest().getUrl().encodedPath());
    }

    @Test
    void noApiAndNoFallbackTagMeansNoReferrers() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(404).build());
        server.enqueue(new MockResponse.Builder().code(404)
                .body("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}").build());
        try (RegistryClient c = mocks.client(server)) {
            assertEquals(List.of(), c.referrers("a/b", SUBJECT, Optional.empty()));
        }
    }

    @Test
    void aPageOnAnotherHostOrAPageAgainIsRefused() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", MediaType.OCI_INDEX.value())
                .setHeader("Link", "<http://169.254.169.254/v2/a/b/referrers/x>; rel=\"next\"").body(index()).build());
        try (RegistryClient c = mocks.client(server)) {
            IOException e = assertThrows(IOException.class, () -> c.referrers("a/b", SUBJECT, Optional.empty()));
            assertTrue(e.getMessage().contains("is on another server (http://169.254.169.254:80)"), e.getMessage());
        }
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", MediaType.OCI_INDEX.value())
                .setHeader("Link", "</v2/a/b/referrers/" + SUBJECT + ">; rel=\"next\"").body(index()).build());
        try (RegistryClient c = mocks.client(server)) {
            IOException e = assertThrows(IOException.class, () -> c.referrers("a/b", SUBJECT, Optional.empty()));
            assertTrue(e.getMessage().contains("links back to a page already read"), e.getMessage());
        }
    }

    @Test
    void aFallbackTagThatIsNoIndexIsAnError() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(404).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", MediaType.OCI_MANIFEST.value())
                .body("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                        + "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + SIG + "\",\"size\":2},\"layers\":[]}")
                .build());
        try (RegistryClient c = mocks.client(server)) {
            IOException e = assertThrows(IOException.class, () -> c.referrers("a/b", SUBJECT, Optional.empty()));
            assertTrue(e.getMessage().contains("not an index of referrers"), e.getMessage());
        }
    }

    private static dev.ociconv.model.content.RawDocument referrer() {
        String m = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"x/sig\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + SIG + "\",\"size\":2},"
                + "\"layers\":[],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + SUBJECT + "\",\"size\":9},\"annotations\":{\"k\":\"v\"}}";
        return dev.ociconv.model.content.RawDocument.of(m.getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
    }

    @Test
    void aRegistryThatIndexesTheSubjectGetsNoFallbackTag() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("OCI-Subject", SUBJECT.toString()).build());
        try (RegistrySink sink = new RegistrySink(ImageReference.parse(server.getHostName() + ":" + server.getPort() + "/a/b:v1"),
                mocks.client(server))) {
            sink.putManifest(referrer());
        }
        server.takeRequest();
        assertEquals("PUT", server.takeRequest().getMethod());
        assertEquals(2, server.getRequestCount(), "nothing but the manifest");
    }

    @Test
    void withoutOciSubjectThePusherKeepsTheFallbackTagAndKeepsOthersEntries() throws Exception {
        String other = entry(SBOM, "application/spdx+json");
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(201).build());            // PUT the referrer
        server.enqueue(indexResponse(index(other)));                             // GET the tag: someone's SBOM
        server.enqueue(new MockResponse.Builder().code(201).build());            // PUT the tag
        var referrer = referrer();
        server.enqueue(indexResponse(index(other, "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + referrer.digest() + "\",\"size\":" + referrer.size() + "}")));   // GET again: it stayed
        try (RegistrySink sink = new RegistrySink(ImageReference.parse(server.getHostName() + ":" + server.getPort() + "/a/b:v1"),
                mocks.client(server))) {
            sink.putManifest(referrer);
        }
        server.takeRequest();
        assertEquals("/v2/a/b/manifests/" + referrer.digest(), server.takeRequest().getUrl().encodedPath());
        assertEquals("/v2/a/b/manifests/sha256-" + SUBJECT.hex(), server.takeRequest().getUrl().encodedPath());
        RecordedRequest put = server.takeRequest();
        assertEquals("PUT", put.getMethod());
        assertEquals("/v2/a/b/manifests/sha256-" + SUBJECT.hex(), put.getUrl().encodedPath());
        var written = dev.ociconv.model.spec.ImageIndex.parse(put.getBody().toByteArray(), "tag");
        assertEquals(List.of(SBOM, referrer.digest().toString()), digests(written.manifests()), "the other entry kept, ours added");
        Descriptor ours = written.manifests().get(1);
        assertEquals("x/sig", ours.artifactType());
        assertEquals(java.util.Map.of("k", "v"), ours.annotations());
    }
}
