package dev.ociconv.it.prod;

import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second loopback host playing object storage: serves {@code /blob/sha256/<hex>} from the
 * registry's storage directory and records every credential-bearing header it is sent
 * ({@code Authorization}, {@code Cookie}, {@code Proxy-Authorization}).
 */
final class BlobStorageHost implements Closeable {

    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final List<String> credentialsSeen = new CopyOnWriteArrayList<>();

    BlobStorageHost(Path registryStorage) throws IOException {
        server = LoopbackHttp.create(20);
        server.createContext("/blob/", ex -> {
            try (ex) {
                hits.incrementAndGet();
                for (String h : List.of("Authorization", "Cookie", "Proxy-Authorization")) {
                    if (ex.getRequestHeaders().containsKey(h)) {
                        credentialsSeen.add(h + ": " + ex.getRequestHeaders().getFirst(h));
                    }
                }
                String hex = ex.getRequestURI().getPath().substring("/blob/sha256/".length());
                Path data = registryStorage.resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2))
                        .resolve(hex).resolve("data");
                if (!hex.matches("[0-9a-f]{64}") || !Files.isRegularFile(data)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, Files.size(data));
                try (InputStream in = Files.newInputStream(data)) {
                    in.transferTo(ex.getResponseBody());
                }
            }
        });
        server.start();
    }

    /** The redirect target for a registry blob path {@code /v2/<name>/blobs/sha256:<hex>}, with a signature-like query. */
    String locationFor(String registryPath) {
        String hex = registryPath.substring(registryPath.lastIndexOf("sha256:") + "sha256:".length());
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/blob/sha256/" + hex + "?X-Amz-Signature=fake";
    }

    int hits() {
        return hits.get();
    }

    List<String> credentialsSeen() {
        return credentialsSeen;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
