package dev.ociconv.converter.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry in memory, on 127.0.0.1, just big enough for {@link CdsTrainingCommand} to push a
 * tiny image and pull it back, so the HTTP client's classes are in the class-data sharing
 * archive too. Not a registry for anything else: no auth, no checks beyond digests, request
 * bodies capped at 1 MiB (it serves one process, for a second).
 */
final class TrainingRegistry implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Far more than the training image needs; anything bigger is not ours. */
    private static final long MAX_BODY = 1 << 20;

    TrainingRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = dev.ociconv.model.content.BoundedReads.readAtMost(in, MAX_BODY, "training registry request");
            }
            if (path.equals("/v2/")) {
                send(x, 200, new byte[0], "application/json");
            } else if (path.contains("/blobs/uploads/") && method.equals("POST")) {
                String id = Integer.toString(ids.incrementAndGet());
                uploads.put(id, new byte[0]);
                x.getResponseHeaders().add("Location", path + id);
                send(x, 202, new byte[0], null);
            } else if (path.contains("/blobs/uploads/")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                byte[] sofar = uploads.getOrDefault(id, new byte[0]);
                byte[] all = new byte[sofar.length + body.length];
                System.arraycopy(sofar, 0, all, 0, sofar.length);
                System.arraycopy(body, 0, all, sofar.length, body.length);
                if (method.equals("PUT")) {
                    uploads.remove(id);
                    String digest = "sha256:" + sha256(all);
                    blobs.put(digest, all);
                    x.getResponseHeaders().add("Docker-Content-Digest", digest);
                    x.getResponseHeaders().add("Location", path);
                    send(x, 201, new byte[0], null);
                } else {
                    uploads.put(id, all);
                    x.getResponseHeaders().add("Location", path);
                    x.getResponseHeaders().add("Range", "0-" + Math.max(0, all.length - 1));
                    send(x, 202, new byte[0], null);
                }
            } else if (path.contains("/blobs/")) {
                byte[] blob = blobs.get(path.substring(path.lastIndexOf('/') + 1));
                if (blob == null) {
                    send(x, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(), "application/json");
                } else {
                    x.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + sha256(blob));
                    send(x, 200, method.equals("HEAD") ? null : blob, "application/octet-stream", blob.length);
                }
            } else if (path.contains("/manifests/")) {
                String repo = path.substring(4, path.indexOf("/manifests/"));
                String ref = path.substring(path.lastIndexOf('/') + 1);
                if (method.equals("PUT")) {
                    String digest = "sha256:" + sha256(body);
                    for (String key : new String[]{repo + "@" + digest, repo + "@" + ref}) {
                        manifests.put(key, body);
                        manifestTypes.put(key, x.getRequestHeaders().getFirst("Content-Type"));
                    }
                    x.getResponseHeaders().add("Docker-Content-Digest", digest);
                    send(x, 201, new byte[0], null);
                    return;
                }
                byte[] m = manifests.get(repo + "@" + ref);
                if (m == null) {
                    send(x, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(), "application/json");
                } else {
                    x.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + sha256(m));
                    send(x, 200, method.equals("HEAD") ? null : m, manifestTypes.get(repo + "@" + ref), m.length);
                }
            } else {
                send(x, 404, new byte[0], null);
            }
        }
    }

    private static void send(HttpExchange x, int status, byte[] body, String type) throws IOException {
        send(x, status, body, type, body == null ? 0 : body.length);
    }

    private static void send(HttpExchange x, int status, byte[] body, String type, long length) throws IOException {
        if (type != null) {
            x.getResponseHeaders().add("Content-Type", type);
        }
        if (body == null || x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().add("Content-Length", Long.toString(body == null ? length : body.length));
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
