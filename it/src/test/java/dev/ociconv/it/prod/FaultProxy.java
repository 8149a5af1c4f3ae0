package dev.ociconv.it.prod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback reverse proxy in front of a plain-http registry that injects faults by script:
 * each {@link Rule} matches a method and path (and optionally a minimum body size) and fires a
 * number of times. Everything else passes through; {@code Location} headers are rewritten to the
 * proxy so uploads come back through it. Counts what it injected.
 */
final class FaultProxy implements Closeable {

    enum Fault { DROP_HALF, TRUNCATE, FLIP_BYTE, STATUS, REDIRECT, DELAY }

    /**
     * @param status    for STATUS: the code to answer; for REDIRECT: 307
     * @param header    for STATUS: an extra header ({@code Retry-After: 1}), or null
     * @param location  for REDIRECT: where to send the client, from the request path
     */
    record Rule(String method, Pattern path, long minBytes, Fault fault, int status, String header,
                Function<String, String> location, AtomicInteger remaining) {
        static Rule of(String method, String pathRegex, Fault fault, int times) {
            return new Rule(method, Pattern.compile(pathRegex), 0, fault, 0, null, null, new AtomicInteger(times));
        }

        Rule minBytes(long n) {
            return new Rule(method, path, n, fault, status, header, location, remaining);
        }

        Rule status(int code, String extraHeader) {
            return new Rule(method, path, minBytes, fault, code, extraHeader, location, remaining);
        }

        Rule location(Function<String, String> f) {
            return new Rule(method, path, minBytes, fault, 307, header, f, remaining);
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection", "date",
            "host", "upgrade", "expect", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String upstream;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    FaultProxy(String upstreamBase) throws IOException {
        this.upstream = upstreamBase;
        server = LoopbackHttp.create(50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    FaultProxy add(Rule r) {
        rules.add(r);
        return this;
    }

    /** Drops the rules and the counts (between scenarios). */
    void clearRules() {
        rules.clear();
        injected.clear();
    }

    int injected(Fault f) {
        return injected.getOrDefault(f, new AtomicInteger()).get();
    }

    int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** "METHOD path" of every request seen, in order. */
    List<String> seen() {
        return seen;
    }

    private static final Set<Fault> BODY_FAULTS = Set.of(Fault.DROP_HALF, Fault.TRUNCATE, Fault.FLIP_BYTE);

    private Rule match(String method, String path, long bytes, boolean bodyFault) {
        for (Rule r : rules) {
            if (BODY_FAULTS.contains(r.fault()) == bodyFault && r.method().equals(method) && r.path().matcher(path).find()
                    && bytes >= r.minBytes() && r.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                injected.computeIfAbsent(r.fault(), k -> new AtomicInteger()).incrementAndGet();
                return r;
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String pathAndQuery = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        seen.add(method + " " + ex.getRequestURI().getRawPath());
        try (ex) {
            Rule early = match(method, ex.getRequestURI().getRawPath(), Long.MAX_VALUE, false);
            if (early != null && early.fault() == Fault.DELAY) {
                sleep(early.status());
            } else if (early != null) {
                answer(ex, early);
                return;
            }
            HttpResponse<InputStream> up = forward(ex, method, pathAndQuery);
            long length = up.headers().firstValueAsLong("content-length").orElse(-1);
            Rule body = method.equals("GET") && up.statusCode() / 100 == 2 ? match(method, ex.getRequestURI().getRawPath(), length, true) : null;
            up.headers().map().forEach((k, v) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                    for (String value : v) {
                        ex.getResponseHeaders().add(k, k.equalsIgnoreCase("location") ? value.replace(upstream, "http://" + hostPort()) : value);
                    }
                }
            });
            try (InputStream in = up.body()) {
                if (method.equals("HEAD")) {
                    if (length >= 0) {
                        ex.getResponseHeaders().set("Content-Length", Long.toString(length));
                    }
                    ex.sendResponseHeaders(up.statusCode(), -1);
                    return;
                }
                if (body != null && body.fault() == Fault.TRUNCATE) {
                    length -= 100;
                }
                ex.sendResponseHeaders(up.statusCode(), length == 0 ? -1 : length < 0 ? 0 : length);
                copy(in, ex.getResponseBody(), length, body == null ? null : body.fault());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange ex, Rule r) throws IOException {
        if (r.fault() == Fault.REDIRECT) {
            ex.getResponseHeaders().set("Location", r.location().apply(ex.getRequestURI().getRawPath()));
            ex.sendResponseHeaders(307, -1);
            return;
        }
        if (r.header() != null) {
            String[] kv = r.header().split(":\\s*", 2);
            ex.getResponseHeaders().set(kv[0], kv[1]);
        }
        byte[] body = ("{\"errors\":[{\"code\":\"" + (r.status() == 404 ? "BLOB_UPLOAD_UNKNOWN" : "TOOMANYREQUESTS")
                + "\",\"message\":\"injected\"}]}").getBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), method(ex).equals("HEAD") ? -1 : body.length);
        if (!method(ex).equals("HEAD")) {
            ex.getResponseBody().write(body);
        }
    }

    private static String method(HttpExchange ex) {
        return ex.getRequestMethod();
    }

    private HttpResponse<InputStream> forward(HttpExchange ex, String method, String pathAndQuery)
            throws IOException, InterruptedException {
        boolean hasBody = ex.getRequestHeaders().containsKey("Content-length") || ex.getRequestHeaders().containsKey("Transfer-encoding");
        HttpRequest.BodyPublisher pub = hasBody ? HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody)
                : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery)).method(method, pub);
        ex.getRequestHeaders().forEach((k, v) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                v.forEach(value -> b.header(k, value));
            }
        });
        return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Copies the body, breaking it as the fault says; DROP_HALF closes the connection mid-way. */
    private static void copy(InputStream in, OutputStream out, long length, Fault fault) throws IOException {
        byte[] buf = new byte[65536];
        long written = 0;
        long half = length / 2;
        int n;
        while ((n = in.read(buf)) > 0) {
            if (fault == Fault.FLIP_BYTE && written <= half && half < written + n) {
                buf[(int) (half - written)] ^= 0x01;
            }
            if (fault == Fault.DROP_HALF && written + n > half) {
                out.write(buf, 0, (int) (half - written));
                out.flush();
                throw new IOException("injected: connection dropped at byte " + half);
            }
            if (fault == Fault.TRUNCATE && written + n > length) {
                out.write(buf, 0, (int) (length - written));
                return;
            }
            out.write(buf, 0, n);
            written += n;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
