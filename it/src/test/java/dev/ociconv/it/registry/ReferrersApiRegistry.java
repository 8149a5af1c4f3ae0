package dev.ociconv.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ociconv.model.digest.Digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry of distribution-spec 1.1 in memory, on loopback: what registry:2 2.8 (the one
 * these machines run) lacks, the referrers API. Blob uploads (monolithic, chunked, mounts),
 * manifests by tag and digest, {@code OCI-Subject} on a manifest with a {@code subject}, and
 * {@code GET /v2/<name>/referrers/<digest>} answering the index of what names it. Every
 * digest is checked as a registry does; every manifest PUT is recorded for the test to read.
 */
final class ReferrersApiRegistry implements AutoCloseable {
    static {
        // ociconv tries https first on loopback: a plain-HTTP JDK server sent a ClientHello must hang up
        System.setProperty("sun.net.httpserver.maxReqTime", "1");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v2/(.+)/(blobs/uploads|blobs|manifests|referrers|tags)/(.*)");

    private record Manifest(byte[] bytes, String mediaType) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    /** repository + subject digest → the descriptors of its referrers. */
    private final Map<String, List<ObjectNode>> referrers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> tags = new ConcurrentHashMap<>();
    /** "REPO:REF" of every manifest PUT, in order. */
    final List<String> manifestPuts = new CopyOnWriteArrayList<>();
    /** The paths of every referrers API request. */
    final List<String> referrerQueries = new CopyOnWriteArrayList<>();

    ReferrersApiRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                send(ex, 404, "application/json", new byte[0]);
                return;
            }
            String repo = m.group(1);
            String rest = m.group(3);
            switch (m.group(2)) {
                case "blobs/uploads" -> upload(ex, repo, rest);
                case "blobs" -> blob(ex, rest);
                case "manifests" -> manifest(ex, repo, rest);
                case "referrers" -> referrers(ex, repo, rest);
                default -> send(ex, 200, "application/json", JSON.writeValueAsBytes(Map.of("name", repo,
                        "tags", tags.getOrDefault(repo, List.of()))));
            }
        }
    }

    private void upload(HttpExchange ex, String repo, String id) throws IOException {
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String digest = param(query, "digest");
        String method = ex.getRequestMethod();
        if (method.equals("POST") && id.isEmpty()) {
            String mount = param(query, "mount");
            if (mount != null && blobs.containsKey(mount)) {
                created(ex, "/v2/" + repo + "/blobs/" + mount, mount);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(body);
            }
            if (digest != null) {
                store(ex, repo, digest, body.toByteArray());
                return;
            }
            String uuid = UUID.randomUUID().toString();
            uploads.put(uuid, body);
            ex.getResponseHeaders().set("Location", "/v2/" + repo + "/blobs/uploads/" + uuid);
            ex.getResponseHeaders().set("Range", "0-0");
            send(ex, 202, "text/plain", new byte[0]);
            return;
        }
        ByteArrayOutputStream so = uploads.get(id);
        if (so == null) {
            send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(so);
        }
        if (method.equals("PUT")) {
            uploads.remove(id);
            store(ex, repo, digest, so.toByteArray());
            return;
        }
        ex.getResponseHeaders().set("Location", "/v2/" + repo + "/blobs/uploads/" + id);
        ex.getResponseHeaders().set("Range", "0-" + Math.max(0, so.size() - 1));
        send(ex, 202, "text/plain", new byte[0]);
    }

    private void store(HttpExchange ex, String repo, String digest, byte[] bytes) throws IOException {
        if (digest == null || !Digest.sha256(bytes).toString().equals(digest)) {
            send(ex, 400, "application/json", "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        blobs.put(digest, bytes);
        created(ex, "/v2/" + repo + "/blobs/" + digest, digest);
    }

    private void blob(HttpExchange ex, String digest) throws IOException {
        byte[] b = blobs.get(digest);
        if (b == null) {
            send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        send(ex, 200, "application/octet-stream", b);
    }

    private void manifest(HttpExchange ex, String repo, String ref) throws IOException {
        if (ex.getRequestMethod().equals("PUT")) {
            byte[] bytes;
            try (InputStream in = ex.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            String digest = Digest.sha256(bytes).toString();
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            manifests.put(repo + "@" + digest, new Manifest(bytes, type));
            manifestPuts.add(repo + ":" + ref);
            if (!ref.startsWith("sha256:")) {
                manifests.put(repo + ":" + ref, new Manifest(bytes, type));
                tags.computeIfAbsent(repo, k -> new CopyOnWriteArrayList<>()).add(ref);
            }
            JsonNode doc = JSON.readTree(bytes);
            if (doc.has("subject")) {
                ObjectNode d = JSON.createObjectNode();
                d.put("mediaType", type);
                d.put("digest", digest);
                d.put("size", bytes.length);
                String artifactType = doc.path("artifactType").asText(doc.path("config").path("mediaType").asText());
                d.put("artifactType", artifactType);
                if (doc.has("annotations")) {
                    d.set("annotations", doc.get("annotations"));
                }
                referrers.computeIfAbsent(repo + "@" + doc.path("subject").path("digest").asText(), k -> new CopyOnWriteArrayList<>()).add(d);
                ex.getResponseHeaders().set("OCI-Subject", doc.path("subject").path("digest").asText());
            }
            created(ex, "/v2/" + repo + "/manifests/" + digest, digest);
            return;
        }
        Manifest m = manifests.get(ref.startsWith("sha256:") ? repo + "@" + ref : repo + ":" + ref);
        if (m == null) {
            send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(m.bytes()).toString());
        send(ex, 200, m.mediaType(), m.bytes());
    }

    private void referrers(HttpExchange ex, String repo, String subject) throws IOException {
        referrerQueries.add(ex.getRequestURI().toString());
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode list = index.putArray("manifests");
        String type = param(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(), "artifactType");
        for (ObjectNode d : referrers.getOrDefault(repo + "@" + subject, List.of())) {
            if (type == null || type.equals(d.path("artifactType").asText())) {
                list.add(d);
            }
        }
        send(ex, 200, "application/vnd.oci.image.index.v1+json", JSON.writeValueAsBytes(index));
    }

    private static void created(HttpExchange ex, String location, String digest) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        send(ex, 201, "text/plain", new byte[0]);
    }

    private static String param(String query, String name) {
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        }
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
