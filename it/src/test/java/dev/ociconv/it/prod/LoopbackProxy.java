package dev.ociconv.it.prod;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy on 127.0.0.1, as corporate networks have: {@code CONNECT host:port} tunnels
 * (for https) and absolute-form requests {@code GET http://host:port/…} (for http). Every host it is
 * asked for is reached at 127.0.0.1 on the same port, so a test can use a registry name that does
 * not resolve ({@code registry.ociconv.test}): only a client that really goes through the proxy
 * reaches it. It records the {@code host:port} of each connection it was asked to open.
 */
final class LoopbackProxy implements Closeable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();

    private LoopbackProxy(ServerSocket server) {
        this.server = server;
        threads.submit(this::acceptLoop);
    }

    static LoopbackProxy start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new LoopbackProxy(s);
    }

    /** {@code http://127.0.0.1:PORT}, for HTTP(S)_PROXY. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The {@code host:port} of each connection it opened, in order ("CONNECT " first for tunnels). */
    List<String> targets() {
        return List.copyOf(targets);
    }

    /** The Proxy-Authorization headers it was sent. */
    List<String> proxyAuthorizations() {
        return List.copyOf(proxyAuthorizations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                    proxyAuthorizations.add(line.substring(20).strip());
                }
            }
            String[] parts = requestLine.split(" ");
            String authority;
            boolean tunnel = parts[0].equals("CONNECT");
            if (tunnel) {
                authority = parts[1];
            } else {
                // absolute-form: METHOD http://host:port/path HTTP/1.1
                String rest = parts[1].substring(parts[1].indexOf("://") + 3);
                authority = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            }
            targets.add((tunnel ? "CONNECT " : "") + authority);
            int colon = authority.lastIndexOf(':');
            int port = colon < 0 ? (tunnel ? 443 : 80) : Integer.parseInt(authority.substring(colon + 1));
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream toClient = client.getOutputStream();
                if (tunnel) {
                    toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                } else {
                    // the registry (Go's net/http) accepts absolute-form requests as they are
                    upstream.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                }
                var up = threads.submit(() -> pipe(upstream.getInputStream(), toClient, client));
                pipe(in, upstream.getOutputStream(), upstream);
                up.get();
            }
        } catch (Exception e) {
            // a closed connection ends its pipes
        }
    }

    private static Void pipe(InputStream from, OutputStream to, Socket toSocket) {
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
            toSocket.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the request head");
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : (c == '\r' ? 1 : 0);
            if (b.size() > 64 * 1024) {
                throw new IOException("request head too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
