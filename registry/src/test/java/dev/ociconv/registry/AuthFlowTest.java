package dev.ociconv.registry;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.registry.auth.CredentialStore;
import dev.ociconv.registry.auth.Credentials;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static dev.ociconv.registry.MockRegistries.json;
import static dev.ociconv.registry.MockRegistries.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthFlowTest {
    static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
            + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}";

    @StartStop
    final MockWebServer server = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();
    final MutableClock clock = new MutableClock();
    final CredentialStore alice = new CredentialStore(Credentials.basic("alice", "s3cret"), List.of(), null);

    private RegistryClient client(CredentialStore creds) throws IOException {
        String hostPort = server.getHostName() + ":" + server.getPort();
        return new RegistryClient(hostPort, RegistryEndpoint.plainHttp(hostPort),
                mocks.options().withCredentials(creds).withClock(clock));
    }

    private String realm() {
        return server.url("/token").toString();
    }

    private MockResponse bearer401(String extra) {
        return new MockResponse.Builder().code(401)
                .setHeader("WWW-Authenticate", "Bearer realm=\"" + realm() + "\",service=\"reg.test\"" + extra)
                .body("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}").build();
    }

    private static MockResponse token(String t, int expiresIn) {
        return json(200, "{\"token\":\"" + t + "\",\"expires_in\":" + expiresIn + "}");
    }

    private static MockResponse manifest() {
        return new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json").body(MANIFEST).build();
    }

    /** --registry-token: the Bearer token on the very first request, no token server asked; a 401 says the token was refused. */
    @org.junit.jupiter.api.Test
    void aRegistryTokenIsSentAsItIs() throws Exception {
        server.enqueue(json(200, "{}")); // the /v2/ ping
        server.enqueue(manifest());
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Bearer realm=\"" + realm() + "\"")
                .body("{}").build());
        RegistryClient c = client(new CredentialStore(Credentials.registryToken("tok-123"), List.of(), null));
        c.getManifest("a/b", "v1");
        assertEquals("Bearer tok-123", server.takeRequest().getHeaders().get("Authorization"), "on the ping");
        assertEquals("Bearer tok-123", server.takeRequest().getHeaders().get("Authorization"), "on the manifest");
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> c.getManifest("a/b", "v2"));
        assertTrue(refused.getMessage().contains("registry token (--registry-token) was refused"), refused.getMessage());
        assertEquals(3, server.getRequestCount(), "no token server was asked");
        assertTrue(!Credentials.registryToken("tok-123").toString().contains("tok-123"), "never the token in a message");
    }

    /** A realm we will not send the user's credentials to: refused by name, nothing fetched. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/iam | is a link-local or metadata address; refused",
            "http://metadata.google.internal/token       | is a link-local or metadata address; refused",
            "http://[fe80::1]/token                      | is a link-local or metadata address; refused",
            "file:///etc/passwd                          | the token realm must be an https URL",
            "gopher://evil.example/x                     | the token realm must be an https URL",
    })
    void hostileRealmsAreRefused(String realm, String message) throws Exception {
        server.enqueue(bearer401(""));
        server.enqueue(new MockResponse.Builder().code(401)
                .setHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"reg.test\",scope=\"repository:a/b:pull\"")
                .body("{}").build());
        RegistryClient c = client(alice);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> c.getManifest("a/b", "v1"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(2, server.getRequestCount(), "no token request was made");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "realm {0} for a registry over {1}")
    @org.junit.jupiter.params.provider.CsvSource({"https://auth.example/token, https, ok", "http://auth.example/token, https, refused",
            "http://auth.example/token, http, ok", "http://127.0.0.1:5001/token, https, ok", "https://169.254.1.1/t, https, refused"})
    void whichRealmsAreCalled(String realm, String registryScheme, String expected) {
        okhttp3.HttpUrl r = okhttp3.HttpUrl.get(realm);
        okhttp3.HttpUrl reg = okhttp3.HttpUrl.get(registryScheme + "://registry.example/v2/");
        if (expected.equals("ok")) {
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> dev.ociconv.registry.auth.RegistryAuthenticator.checkRealm(r, reg));
        } else {
            org.junit.jupiter.api.Assertions.assertThrows(dev.ociconv.registry.auth.AuthenticationException.class,
                    () -> dev.ociconv.registry.auth.RegistryAuthenticator.checkRealm(r, reg));
        }
    }

    @Test
    void aRealmThatResolvesOnlyToLinkLocalAddressesIsNotCalled() throws Exception {
        java.net.UnknownHostException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.UnknownHostException.class,
                () -> RegistryClient.realmAddresses("169.254.10.20"));
        assertTrue(e.getMessage().contains("resolves only to link-local addresses; refused as a token realm"), e.getMessage());
        assertTrue(RegistryClient.realmAddresses("127.0.0.1").get(0).isLoopbackAddress());
    }

    @Test
    void bearerTokenWithScopeIsFetchedCachedAndSentBeforehand() throws Exception {
        server.enqueue(bearer401(""));                                // ping
        server.enqueue(bearer401(",scope=\"repository:a/b:pull\""));  // manifest, anonymous
        server.enqueue(token("t1", 300));
        server.enqueue(manifest());
        server.enqueue(manifest());                                   // second GET: token sent up front
        RegistryClient c = client(alice);
        RawDocument doc = c.getManifest("a/b", "v1");
        assertEquals(MANIFEST, doc.text());
        c.getManifest("a/b", "v1");

        take(server);
        assertNull(take(server).getHeaders().get("Authorization"));
        RecordedRequest tokenReq = take(server);
        assertEquals("/token", tokenReq.getUrl().encodedPath());
        assertEquals("reg.test", tokenReq.getUrl().queryParameter("service"));
        assertEquals(List.of("repository:a/b:pull"), tokenReq.getUrl().queryParameterValues("scope"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
                tokenReq.getHeaders().get("Authorization"));
        assertEquals("Bearer t1", take(server).getHeaders().get("Authorization"));
        assertEquals("Bearer t1", take(server).getHeaders().get("Authorization"));
        assertEquals(5, server.getRequestCount());
    }

    @Test
    void expiredTokenIsRenewed() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(bearer401(""));
        server.enqueue(token("t1", 60));
        server.enqueue(manifest());
        server.enqueue(bearer401(""));   // after expiry nothing is sent up front, the registry asks again
        server.enqueue(token("t2", 60));
        server.enqueue(manifest());
        RegistryClient c = client(CredentialStore.anonymous());
        c.getManifest("a/b", "v1");
        clock.advance(Duration.ofSeconds(120));
        c.getManifest("a/b", "v1");
        for (int i = 0; i < 4; i++) {
            take(server);
        }
        RecordedRequest afterExpiry = take(server);
        assertNull(afterExpiry.getHeaders().get("Authorization"), "expired token must not be sent");
        RecordedRequest tokenReq = take(server);
        assertNull(tokenReq.getHeaders().get("Authorization"), "anonymous token request");
        assertEquals("Bearer t2", take(server).getHeaders().get("Authorization"));
    }

    @Test
    void insufficientScopeIsRetriedOnceWithTheWiderScope() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(bearer401(""));
        server.enqueue(token("narrow", 300));
        server.enqueue(bearer401(",scope=\"repository:a/b:pull repository:c/d:pull\",error=\"insufficient_scope\""));
        server.enqueue(token("wide", 300));
        server.enqueue(manifest());
        client(alice).getManifest("a/b", "v1");
        for (int i = 0; i < 4; i++) {
            take(server);
        }
        assertEquals(List.of("repository:a/b:pull", "repository:c/d:pull"),
                take(server).getUrl().queryParameterValues("scope"));
        assertEquals("Bearer wide", take(server).getHeaders().get("Authorization"));
    }

    @Test
    void insufficientScopeTwiceFails() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(bearer401(""));
        server.enqueue(token("narrow", 300));
        server.enqueue(bearer401(",scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\""));
        server.enqueue(token("wide", 300));
        server.enqueue(bearer401(",scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\""));
        RegistryException e = assertThrows(RegistryException.class, () -> client(alice).getManifest("a/b", "v1"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("UNAUTHORIZED: authentication required"), e.getMessage());
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void basicChallengeIsAnsweredAndThenSentUpFront() throws Exception {
        MockResponse basic401 = new MockResponse.Builder().code(401)
                .setHeader("WWW-Authenticate", "Basic realm=\"registry\"").build();
        server.enqueue(basic401);                 // ping, anonymous
        server.enqueue(MockRegistries.ok());      // ping again, with Basic
        server.enqueue(manifest());
        server.enqueue(manifest());
        RegistryClient c = client(alice);
        c.getManifest("a/b", "v1");
        c.getManifest("a/b", "v1");
        assertNull(take(server).getHeaders().get("Authorization"));
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            assertEquals(expected, take(server).getHeaders().get("Authorization"));
        }
        assertEquals(4, server.getRequestCount());
    }

    @Test
    void basicWithoutCredentialsIsA401Error() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Basic realm=\"r\"").build());
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(CredentialStore.anonymous()).getManifest("a/b", "v1"));
        assertEquals(401, e.status());
    }

    @Test
    void bearerChallengeWithoutRealmIsAClearError() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Bearer service=\"x\"").build());
        IOException e = assertThrows(IOException.class, () -> client(alice).getManifest("a/b", "v1"));
        assertTrue(e.getMessage().contains("Bearer challenge without a valid realm"), e.getMessage());
    }

    @Test
    void unparseableChallengeLeavesTheUnauthorizedError() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "=,;\"").build());
        RegistryException e = assertThrows(RegistryException.class, () -> client(alice).getManifest("a/b", "v1"));
        assertEquals(401, e.status());
    }

    @Test
    void tokenServerErrorsAreRegistryErrorsWithoutQuery() throws Exception {
        server.enqueue(MockRegistries.ok());
        server.enqueue(bearer401(""));
        server.enqueue(json(403, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"access denied\"}]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> client(alice).getManifest("a/b", "v1"));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("DENIED: access denied"), e.getMessage());
        assertTrue(!e.getMessage().contains("scope="), e.getMessage());
    }
}
