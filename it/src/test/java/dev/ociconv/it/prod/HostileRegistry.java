package dev.ociconv.it.prod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A registry on loopback whose every answer a test scripts: {@code /v2/} answers 200, and each
 * other request goes to the first {@link Script} whose path prefix it starts with; anything not
 * scripted is 404. It serves plain HTTP (ociconv probes https first on loopback and falls back,
 * as for a registry:2 without TLS). The scripts are the misbehaviours of a broken network or a
 * malicious registry: silence, a trickle, lies about sizes, digests and types, huge or deep
 * documents, token realms that point elsewhere.
 */
final class HostileRegistry implements AutoCloseable {
    /** What the server does with one request. */
    @FunctionalInterface
    interface Script {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-registry");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Script> scripts = new LinkedHashMap<>();

    HostileRegistry() throws IOException {
        server = LoopbackHttp.create(64);
        server.setExecutor(threads);
        server.createContext("/", this::route);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts the answers to requests whose path starts with {@code prefix} (first match wins). */
    synchronized HostileRegistry on(String prefix, Script script) {
        scripts.put(prefix, script);
        return this;
    }

    private void route(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Script s;
            synchronized (this) {
                s = scripts.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
            }
            if (s == null && path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (s == null) {
                send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(StandardCharsets.UTF_8));
            } else {
                s.answer(ex);
            }
        } catch (InterruptedException | IOException e) {
            // the client hung up (as ociconv does when it gives up): nothing to answer
        }
    }

    /** Answers {@code body} whole, with its length. */
    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Answers a body that never ends (chunked, no length), one block after another. */
    static void endless(HttpExchange ex, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, 0);
        byte[] block = new byte[64 << 10];
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                out.write(block);
            }
        }
    }

    /** Answers headers with {@code length}, then one byte every {@code millis}. */
    static void trickle(HttpExchange ex, String type, long length, long millis) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, length);
        OutputStream out = ex.getResponseBody();
        for (long i = 0; i < length; i++) {
            out.write('x');
            out.flush();
            Thread.sleep(millis);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
