package dev.ociconv.registry.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy each request gets, as Go's httpproxy (and so docker, skopeo, crane) would choose it. */
class ProxyRulesTest {
    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** NO_PROXY value, request (scheme, host, port), and the proxy's host:port or "direct". */
    @ParameterizedTest(name = "NO_PROXY={0}: {1}://{2}:{3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-                      | https | registry.example.com | 443  | proxy.corp:3128",
            "-                      | http  | registry.example.com | 80   | plain.corp:8080",
            "-                      | https | localhost            | 443  | direct",
            "-                      | https | 127.0.0.1            | 5000 | direct",
            "-                      | https | 127.9.9.9            | 5000 | direct",
            "-                      | https | [::1]                | 5000 | direct",
            "*                      | https | registry.example.com | 443  | direct",
            "example.com            | https | example.com          | 443  | direct",
            "example.com            | https | registry.example.com | 443  | direct",
            "example.com            | https | notexample.com       | 443  | proxy.corp:3128",
            ".example.com           | https | example.com          | 443  | proxy.corp:3128",
            ".example.com           | https | registry.example.com | 443  | direct",
            "*.example.com          | https | registry.example.com | 443  | direct",
            "*.example.com          | https | example.com          | 443  | proxy.corp:3128",
            "EXAMPLE.com            | https | Registry.Example.COM | 443  | direct",
            "example.com:5000       | https | registry.example.com | 5000 | direct",
            "example.com:5000       | https | registry.example.com | 443  | proxy.corp:3128",
            "10.0.0.0/8             | https | 10.1.2.3             | 443  | direct",
            "10.0.0.0/8             | https | 11.1.2.3             | 443  | proxy.corp:3128",
            "10.0.0.0/8             | https | ten.example.com      | 443  | proxy.corp:3128",
            "192.168.1.7            | https | 192.168.1.7          | 443  | direct",
            "192.168.1.7            | https | 192.168.1.8          | 443  | proxy.corp:3128",
            "fd00::/8               | https | [fd00::1]            | 443  | direct",
            "' a.com , b.com '      | https | b.com                | 443  | direct",
            "' a.com , b.com '      | https | c.com                | 443  | proxy.corp:3128",
    })
    void choosesTheProxy(String noProxy, String scheme, String host, int port, String expected) throws IOException {
        Map<String, String> e = env("HTTPS_PROXY", "proxy.corp:3128", "HTTP_PROXY", "http://plain.corp:8080");
        if (noProxy != null) {
            e.put("NO_PROXY", noProxy);
        }
        Optional<ProxyRules.ProxyTarget> t = ProxyRules.fromEnvironment(e).forRequest(scheme, host, port);
        assertEquals(expected, t.map(p -> p.host() + ":" + p.port()).orElse("direct"));
    }

    @Test
    void upperCaseWinsAndLowerCaseIsRead() throws IOException {
        assertEquals("upper", ProxyRules.fromEnvironment(env("HTTPS_PROXY", "upper:1", "https_proxy", "lower:1"))
                .forRequest("https", "r.example", 443).orElseThrow().host());
        assertEquals("lower", ProxyRules.fromEnvironment(env("https_proxy", "lower:1"))
                .forRequest("https", "r.example", 443).orElseThrow().host());
        assertTrue(ProxyRules.fromEnvironment(env("https_proxy", "p:1", "no_proxy", "r.example"))
                .forRequest("https", "r.example", 443).isEmpty());
    }

    @Test
    void httpProxyIsIgnoredInACgiProcess() throws IOException {
        // httpoxy: a CGI request's "Proxy:" header arrives as HTTP_PROXY
        assertTrue(ProxyRules.fromEnvironment(env("HTTP_PROXY", "evil:1", "REQUEST_METHOD", "GET"))
                .forRequest("http", "r.example", 80).isEmpty());
    }

    @Test
    void noVariablesMeansDirect() throws IOException {
        assertTrue(ProxyRules.fromEnvironment(env()).forRequest("https", "r.example", 443).isEmpty());
        assertTrue(ProxyRules.none().forRequest("https", "r.example", 443).isEmpty());
    }

    /** Proxy URL as written, and what it means: type host port user password, or the start of the error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "proxy.corp:3128                     | HTTP 3128 - -",
            "http://proxy.corp                   | HTTP 80 - -",
            "http://bob:p%40ss@proxy.corp:3128    | HTTP 3128 bob p@ss",
            "socks5://proxy.corp                 | SOCKS 1080 - -",
            "socks5h://proxy.corp:9050           | SOCKS 9050 - -",
            "https://proxy.corp:443              | error: HTTPS_PROXY=https://proxy.corp:443: proxies reached over TLS",
            "ftp://proxy.corp                    | error: HTTPS_PROXY=ftp://proxy.corp: unsupported proxy scheme 'ftp'",
            "https://bob:secret@proxy.corp       | error: HTTPS_PROXY=https://bob:***@proxy.corp: proxies",
    })
    void parsesTheProxyUrl(String raw, String expected) {
        try {
            ProxyRules.ProxyTarget t = ProxyRules.parseProxy(raw, "HTTPS_PROXY");
            assertEquals(expected, t.type() + " " + t.port() + " " + (t.user() == null ? "-" : t.user()) + " "
                    + (t.password() == null ? "-" : t.password()));
            assertEquals("proxy.corp", t.host());
        } catch (IOException e) {
            assertTrue(expected.startsWith("error: "), "unexpected error " + e.getMessage());
            assertTrue(e.getMessage().startsWith(expected.substring("error: ".length())), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), "the password is never printed: " + e.getMessage());
        }
    }

    @Test
    void aBrokenProxyVariableIsAnErrorWhenItApplies() throws IOException {
        ProxyRules rules = ProxyRules.fromEnvironment(env("HTTPS_PROXY", "gopher://x"));
        assertThrows(IOException.class, () -> rules.forRequest("https", "r.example", 443));
        assertTrue(rules.forRequest("https", "localhost", 443).isEmpty(), "loopback never needs the proxy");
        assertEquals(Proxy.Type.HTTP, ProxyRules.parseProxy("x:1", "V").type());
    }
}
