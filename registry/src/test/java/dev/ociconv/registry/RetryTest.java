package dev.ociconv.registry;

import dev.ociconv.registry.http.RetryAfter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.ociconv.registry.MockRegistries.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    final MockRegistries mocks = new MockRegistries();

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("").build();
    }

    private static MockResponse tags() {
        return MockRegistries.json(200, "{\"tags\":[\"x\"]}");
    }

    @Test
    void tooManyRequestsHonoursRetryAfterSeconds() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());
        server.enqueue(tags());
        assertEquals(List.of("x"), mocks.client(server).tags("a"));
        assertEquals(List.of(Duration.ofSeconds(3)), mocks.sleeps);
    }

    @Test
    void retryAfterIsCapped() throws Exception {
        server.enqueue(ok());
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
        server.enqueue(tags());
        mocks.client(server).tags("a");
        assertEquals(List.of(Duration.ofSeconds(10)), mocks.sleeps);
    }

    @Test
    void retryAfterHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
    }

    @Test
    void burstOf503ThenSuccessBacksOffExponentially() throws Exception {
        server.enqueue(ok());
        server.enqueue(status(503));
        server.enqueue(status(502));
        server.enqueue(status(504));
        server.enqueue(tags());
        assertEquals(List.of("x"), mocks.client(server).tags("a"));
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), mocks.sleeps);
    }

    @Test
    void persistent503IsAClearErrorAfterFiveTries() throws Exception {
        server.enqueue(ok());
        for (int i = 0; i < 5; i++) {
            server.enqueue(MockRegistries.json(503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}"));
        }
        RegistryException e = assertThrows(RegistryException.class, () -> mocks.client(server).tags("a"));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains(": 503"), e.getMessage());
        assertTrue(e.getMessage().contains("UNAVAILABLE: try later"), e.getMessage());
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void connectionDroppedBeforeTheResponseIsRetried() throws Exception {
        server.enqueue(ok());
        // OkHttp itself retries a reused connection once; the drops after that are ours to retry.
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        }
        server.enqueue(tags());
        assertEquals(List.of("x"), mocks.client(server).tags("a"));
        assertFalse(mocks.sleeps.isEmpty(), "the retry interceptor backed off");
    }

    @Test
    void postIsNotRetried() throws Exception {
        server.enqueue(ok());
        server.enqueue(status(503));
        server.enqueue(status(202));
        RegistryException e = assertThrows(RegistryException.class,
                () -> mocks.client(server).mountBlob("a", ManifestsTest.DIGEST, "b"));
        assertEquals(503, e.status());
        assertEquals(2, server.getRequestCount());
    }
}
