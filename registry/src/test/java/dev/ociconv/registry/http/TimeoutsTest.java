package dev.ociconv.registry.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A silent or stalling server fails in bounded time, with a line that says what was waited for. */
class TimeoutsTest {
    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void aServerThatSendsAByteAtATimeFailsOnTheRateFloor() {
        Timeouts t = Timeouts.DEFAULT.withRead(Duration.ofSeconds(5)).withRateFloor(1000, Duration.ofMillis(800));
        server.enqueue(new MockResponse.Builder().body("x".repeat(200)).throttleBody(5, 200, TimeUnit.MILLISECONDS).build());
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(t.read()).addNetworkInterceptor(new RateFloorInterceptor(t)).build();
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
            try (Response r = client.newCall(new Request.Builder().url(server.url("/v2/a/blobs/x")).build()).execute()) {
                r.body().bytes();
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().startsWith("GET http://" + server.getHostName() + ":" + server.getPort()), e.getMessage());
        assertTrue(e.getMessage().contains("/v2/a/blobs/x: transfer slower than 1000 bytes/s for"), e.getMessage());
        assertTrue(seconds < 4, "failed after " + seconds + " s");
    }

    @Test
    void aFastTransferPassesTheFloor() throws IOException {
        Timeouts t = Timeouts.DEFAULT.withRateFloor(1000, Duration.ofMillis(100));
        server.enqueue(new MockResponse.Builder().body("y".repeat(100_000)).build());
        OkHttpClient client = new OkHttpClient.Builder().addNetworkInterceptor(new RateFloorInterceptor(t)).build();
        try (Response r = client.newCall(new Request.Builder().url(server.url("/v2/")).build()).execute()) {
            assertEquals(100_000, r.body().bytes().length);
        }
    }

    /** Accepts connections and never answers: each try costs one read timeout, and there are two. */
    @Test
    void aSilentServerIsTriedTwiceAndNamed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        accepted.incrementAndGet();
                        held.add(s);
                        InputStream in = s.getInputStream();
                        in.read(new byte[1024]); // read the request, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RetryPolicy fast = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10), RetryPolicy.Sleeper.REAL);
            OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1))
                    .addInterceptor(new RetryInterceptor(fast, java.time.Clock.systemUTC())).build();
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () ->
                    client.newCall(new Request.Builder().url("http://127.0.0.1:" + silent.getLocalPort() + "/v2/").build()).execute());
            double seconds = (System.nanoTime() - start) / 1e9;
            // the cause's own words vary with where the wait ended ("timeout", "Read timed out")
            assertTrue(e.getMessage().startsWith("GET http://127.0.0.1:" + silent.getLocalPort() + "/v2/: no answer from 127.0.0.1:"
                    + silent.getLocalPort() + " within 1 s ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("; --read-timeout changes it), tried 2 times"), e.getMessage());
            assertTrue(seconds < 4, "failed after " + seconds + " s");
            assertEquals(2, accepted.get(), "one retry, not four");
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
