package dev.ociconv.it.prod;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** JDK HTTP servers on a free loopback port, for the test's proxy, storage host and token server. */
final class LoopbackHttp {
    static {
        // ociconv tries https first on loopback; a plain-HTTP server sent a ClientHello must hang up
        // (as Go's answers 400) rather than wait for a request line forever. Read once per JVM.
        System.setProperty("sun.net.httpserver.maxReqTime", "1");
    }

    private LoopbackHttp() {
    }

    static HttpServer create(int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }
}
