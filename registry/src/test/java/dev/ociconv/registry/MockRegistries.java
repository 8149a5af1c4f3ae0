package dev.ociconv.registry;

import dev.ociconv.registry.auth.CredentialStore;
import dev.ociconv.registry.http.RetryPolicy;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Clients for MockWebServer registries, with retries that record their waits instead of sleeping. */
final class MockRegistries {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    RegistryOptions options() {
        return RegistryOptions.defaults().withRetry(
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10), sleeps::add));
    }

    RegistryClient client(MockWebServer server) throws IOException {
        return client(server, CredentialStore.anonymous());
    }

    RegistryClient client(MockWebServer server, CredentialStore credentials) throws IOException {
        String hostPort = server.getHostName() + ":" + server.getPort();
        return new RegistryClient(hostPort, RegistryEndpoint.plainHttp(hostPort), options().withCredentials(credentials));
    }

    static MockResponse ok() {
        return new MockResponse.Builder().code(200).body("{}").build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static RecordedRequest take(MockWebServer server) throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the server");
        }
        return r;
    }
}
