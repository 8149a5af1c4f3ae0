package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY, against a forward proxy on loopback. The registry is named
 * {@code registry.ociconv.test}, which does not resolve: a run succeeds only through the proxy.
 */
class ProxyIT {
    private static final String NAME = "registry.ociconv.test";

    @TempDir
    static Path tmp;
    static ProdRegistry registry;
    static LoopbackProxy proxy;
    static Path image;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        registry = ProdRegistry.start(ProdRegistry.Config.plain());
        proxy = LoopbackProxy.start();
        image = Images.archive(tmp, "proxied", 2, 41);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private Cli proxied() throws Exception {
        return Cli.in(tmp).env("HTTPS_PROXY", proxy.url()).env("http_proxy", proxy.url());
    }

    @Test
    void pushAndPullThroughTheProxy() throws Exception {
        String ref = NAME + ":" + registry.port() + "/proxy/a:1";
        // plain http (the registry has no TLS): --tls-verify=false lets ociconv fall back to it, as skopeo does
        Cli.Result push = proxied().ociconv("push", "--tls-verify=false", image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        Path out = tmp.resolve("pulled");
        Cli.Result pull = proxied().ociconv("pull", "--tls-verify=false", "--to", "oci", ref, out.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
        assertTrue(proxy.targets().contains(NAME + ":" + registry.port()), proxy.targets().toString());
        // skopeo, reading the registry directly, sees what went through the proxy
        assertEquals(push.wroteDigest(), Interop.inspectDigest(Cli.in(tmp), registry.hostPort() + "/proxy/a:1",
                List.of("--tls-verify=false")));
    }

    @Test
    void proxyCredentialsAreSentToTheProxyOnly() throws Exception {
        String withCreds = proxy.url().replace("http://", "http://carol:pr%40xy@");
        String ref = NAME + ":" + registry.port() + "/proxy/creds:1";
        Cli.Result push = Cli.in(tmp).env("HTTP_PROXY", withCreds).env("HTTPS_PROXY", withCreds)
                .ociconv("push", "--tls-verify=false", image.toString(), ref);
        // our proxy never asks (no 407), so a client sends Proxy-Authorization only if it sends it
        // pre-emptively; what must hold is that the push works and the password is never printed
        assertEquals(0, push.exit(), push.toString());
        assertFalse(push.toString().contains("pr@xy") || push.toString().contains("pr%40xy"), push.toString());
    }

    @Test
    void noProxyAndLoopbackGoDirect() throws Exception {
        int before = proxy.targets().size();
        // loopback never goes through a proxy
        Cli.Result direct = proxied().ociconv("push", image.toString(), registry.hostPort() + "/proxy/direct:1");
        assertEquals(0, direct.exit(), direct.toString());
        assertEquals(before, proxy.targets().size(), proxy.targets().toString());
        // NO_PROXY names the registry: ociconv resolves it itself, and it does not resolve
        Cli.Result bypass = proxied().env("NO_PROXY", ".ociconv.test")
                .ociconv("push", "--tls-verify=false", image.toString(), NAME + ":" + registry.port() + "/proxy/b:1");
        assertNotEquals(0, bypass.exit(), bypass.toString());
        assertEquals(1, bypass.errLines().size(), bypass.toString());
        assertTrue(bypass.errLines().get(0).contains(NAME), bypass.toString());
        assertEquals(before, proxy.targets().size(), proxy.targets().toString());
    }

    @Test
    void anUnusableProxyIsOneClearLine() throws Exception {
        Cli.Result r = Cli.in(tmp).env("HTTPS_PROXY", "https://proxy.example:443")
                .ociconv("pull", "--to", "oci", NAME + "/proxy/a:1", tmp.resolve("never").toString());
        assertNotEquals(0, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("HTTPS_PROXY=https://proxy.example:443"), r.toString());
    }
}
