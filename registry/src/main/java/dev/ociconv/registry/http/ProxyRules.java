package dev.ociconv.registry.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which proxy a request goes through, from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} (upper case first, then lower case), with the meaning Go's
 * {@code golang.org/x/net/http/httpproxy} gives them, so ociconv behaves as docker, skopeo and
 * crane do on the same machine:
 * <ul>
 *   <li>an {@code https} URL uses {@code HTTPS_PROXY}, an {@code http} URL {@code HTTP_PROXY}
 *       (ignored when {@code REQUEST_METHOD} is set: a CGI process, "httpoxy"); a proxy without a
 *       scheme is {@code http://}; {@code socks5://} and {@code socks5h://} are SOCKS;
 *       {@code user:password@} in the proxy URL is sent as {@code Proxy-Authorization};</li>
 *   <li>{@code localhost} and loopback addresses never go through a proxy;</li>
 *   <li>{@code NO_PROXY} is a comma-separated list: {@code *} (no proxy at all), an IP address or
 *       CIDR block, or a domain ({@code example.com} matches it and its subdomains,
 *       {@code .example.com} and {@code *.example.com} only subdomains), each optionally with
 *       {@code :port}.</li>
 * </ul>
 * Host names are matched as written in the request: nothing is resolved here (a proxied
 * request's host is resolved by the proxy, never by us).
 */
public final class ProxyRules {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A proxy to use: its kind, address and credentials, and the variable it came from (for messages). */
    public record ProxyTarget(Proxy.Type type, String host, int port, String user, String password, String variable) {
        public boolean hasCredentials() {
            return user != null;
        }
    }

    private record Rule(String domain, boolean matchesHost, byte[] network, int prefix, String port) {
        boolean matches(String host, byte[] ip, int requestPort) {
            if (port != null && !port.equals(Integer.toString(requestPort))) {
                return false;
            }
            if (network != null) {
                return ip != null && inNetwork(ip, network, prefix);
            }
            return host.endsWith(domain) || matchesHost && host.equals(domain.substring(1));
        }
    }

    private final String httpProxy;
    private final String httpProxyVariable;
    private final String httpsProxy;
    private final String httpsProxyVariable;
    private final List<Rule> noProxy;
    private final boolean noProxyAtAll;

    private ProxyRules(String httpProxy, String httpProxyVariable, String httpsProxy, String httpsProxyVariable,
                       List<Rule> noProxy, boolean noProxyAtAll) {
        this.httpProxy = httpProxy;
        this.httpProxyVariable = httpProxyVariable;
        this.httpsProxy = httpsProxy;
        this.httpsProxyVariable = httpsProxyVariable;
        this.noProxy = List.copyOf(noProxy);
        this.noProxyAtAll = noProxyAtAll;
    }

    /** No proxy for anything. */
    public static ProxyRules none() {
        return new ProxyRules(null, null, null, null, List.of(), false);
    }

    /** The rules this environment gives. */
    public static ProxyRules fromEnvironment(Map<String, String> env) {
        String[] http = first(env, "HTTP_PROXY", "http_proxy");
        String[] https = first(env, "HTTPS_PROXY", "https_proxy");
        String[] no = first(env, "NO_PROXY", "no_proxy");
        if (env.get("REQUEST_METHOD") != null && !env.get("REQUEST_METHOD").isEmpty()) {
            http = new String[] {null, null};
        }
        List<Rule> rules = new ArrayList<>();
        boolean all = false;
        if (no[0] != null) {
            for (String raw : no[0].split(",")) {
                String p = raw.strip().toLowerCase(Locale.ROOT);
                if (p.isEmpty()) {
                    continue;
                }
                if (p.equals("*")) {
                    all = true;
                    break;
                }
                Rule r = parseRule(p);
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        return new ProxyRules(http[0], http[1], https[0], https[1], rules, all);
    }

    private static String[] first(Map<String, String> env, String upper, String lower) {
        for (String k : new String[] {upper, lower}) {
            String v = env.get(k);
            if (v != null && !v.isEmpty()) {
                return new String[] {v, k};
            }
        }
        return new String[] {null, null};
    }

    private static Rule parseRule(String p) {
        int slash = p.indexOf('/');
        if (slash > 0) {
            byte[] net = ipLiteral(p.substring(0, slash));
            try {
                int prefix = Integer.parseInt(p.substring(slash + 1));
                if (net != null && prefix >= 0 && prefix <= net.length * 8) {
                    return new Rule(null, false, net, prefix, null);
                }
            } catch (NumberFormatException e) {
                // not a CIDR block: ignored, as Go ignores it
            }
            return null;
        }
        String host = p;
        String port = null;
        if (p.startsWith("[")) {
            int close = p.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = p.substring(1, close);
            if (p.length() > close + 2 && p.charAt(close + 1) == ':') {
                port = p.substring(close + 2);
            }
        } else if (p.indexOf(':') == p.lastIndexOf(':') && p.indexOf(':') >= 0) {
            host = p.substring(0, p.indexOf(':'));
            port = p.substring(p.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            return null;
        }
        byte[] ip = ipLiteral(host);
        if (ip != null) {
            return new Rule(null, false, ip, ip.length * 8, port);
        }
        if (host.startsWith("*.")) {
            host = host.substring(1);
        }
        boolean matchesHost = !host.startsWith(".");
        return new Rule(matchesHost ? "." + host : host, matchesHost, null, 0, port);
    }

    /**
     * The proxy for a request to {@code scheme://host:port}, or empty to connect directly.
     *
     * @throws IOException when the variable that applies does not hold a usable proxy URL
     */
    public Optional<ProxyTarget> forRequest(String scheme, String host, int port) throws IOException {
        boolean https = scheme.equalsIgnoreCase("https");
        String proxy = https ? httpsProxy : httpProxy;
        String variable = https ? httpsProxyVariable : httpProxyVariable;
        if (proxy == null || !useProxy(host, port)) {
            return Optional.empty();
        }
        return Optional.of(parseProxy(proxy, variable));
    }

    /** Go's {@code useProxy}: loopback never, then NO_PROXY. */
    boolean useProxy(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost")) {
            return false;
        }
        byte[] ip = ipLiteral(host);
        if (ip != null && isLoopback(ip)) {
            return false;
        }
        if (noProxyAtAll) {
            return false;
        }
        for (Rule r : noProxy) {
            if (r.matches(host, ip, port)) {
                return false;
            }
        }
        return true;
    }

    static ProxyTarget parseProxy(String raw, String variable) throws IOException {
        String text = raw.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IOException(variable + ": not a proxy URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Proxy.Type type;
        int defaultPort;
        switch (scheme) {
            case "http" -> {
                type = Proxy.Type.HTTP;
                defaultPort = 80;
            }
            case "socks5", "socks5h" -> {
                type = Proxy.Type.SOCKS;
                defaultPort = 1080;
            }
            case "https" -> throw new IOException(variable + "=" + redact(raw)
                    + ": proxies reached over TLS (https://) are not supported; give the proxy as http:// or socks5://");
            default -> throw new IOException(variable + "=" + redact(raw) + ": unsupported proxy scheme '" + scheme
                    + "' (http, socks5 or socks5h)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IOException(variable + "=" + redact(raw) + ": no proxy host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxyTarget(type, host, uri.getPort() > 0 ? uri.getPort() : defaultPort, user, password, variable);
    }

    /** The proxy URL without its password, for messages. */
    static String redact(String raw) {
        return raw.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    /** The bytes of an IP address literal, or null for a host name. Never resolves a name. */
    static byte[] ipLiteral(String host) {
        boolean v4 = IPV4.matcher(host).matches();
        if (v4) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // not an address; and the JDK would look such a string up as a name
                }
            }
        } else if (!(host.contains(":") && host.matches("[0-9a-fA-F:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The bytes of an IP address literal ({@code [::1]} too), or null for a host name; never resolves. */
    public static byte[] ipLiteralOf(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return ipLiteral(h);
    }

    public static boolean isLoopbackAddress(byte[] ip) {
        return isLoopback(ip);
    }

    private static boolean isLoopback(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean inNetwork(byte[] ip, byte[] network, int prefix) {
        if (ip.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
