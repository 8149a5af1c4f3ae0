package dev.ociconv.registry;

import okhttp3.HttpUrl;

import java.util.List;
import java.util.Objects;

/**
 * Where a registry's API is reached: host, port, and the schemes to try, in order.
 *
 * <p>Decision (documented for users): a registry is reached over HTTPS with certificate checks.
 * With {@code --tls-verify=false} any host is tried over HTTPS <em>without</em> certificate
 * checks first and over plain HTTP when TLS fails, like Docker's insecure-registries. A loopback
 * host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) may also use plain HTTP, but only
 * when its port does not speak TLS at all: a loopback registry that does present a certificate
 * gets it checked, so an untrusted one is an error and never a silent fall back to HTTP. The first
 * scheme whose {@code /v2/} answers is kept for the life of the client.
 *
 * @param hostPort     {@code host[:port]}, IPv6 in brackets
 * @param schemes      {@code https} and/or {@code http}, in the order to try
 * @param verifyTls    false when certificates are not checked
 */
public record RegistryEndpoint(String hostPort, List<String> schemes, boolean verifyTls) {

    public RegistryEndpoint {
        Objects.requireNonNull(hostPort, "hostPort");
        schemes = List.copyOf(schemes);
        if (schemes.isEmpty() || !schemes.stream().allMatch(s -> s.equals("https") || s.equals("http"))) {
            throw new IllegalArgumentException("schemes must be https and/or http: " + schemes);
        }
        if (HttpUrl.parse("https://" + hostPort + "/") == null) {
            throw new IllegalArgumentException("invalid registry host '" + hostPort + "'");
        }
    }

    /** The endpoint for a registry domain ({@code docker.io}, {@code localhost:5000}) under the user's TLS choice. */
    public static RegistryEndpoint forRegistry(String domain, boolean tlsVerify) {
        String api = ImageReference.apiHostFor(domain);
        if (!tlsVerify) {
            return new RegistryEndpoint(api, List.of("https", "http"), false);
        }
        boolean loopback = ImageReference.isLoopbackHost(ImageReference.hostWithoutPort(api));
        return new RegistryEndpoint(api, loopback ? List.of("https", "http") : List.of("https"), true);
    }

    /** A plain-HTTP endpoint, e.g. a test server. */
    public static RegistryEndpoint plainHttp(String hostPort) {
        return new RegistryEndpoint(hostPort, List.of("http"), false);
    }

    /** True when {@code url} is on this endpoint's host and port under one of its schemes. */
    public boolean isOnHost(HttpUrl url) {
        for (String scheme : schemes) {
            HttpUrl b = baseUrl(scheme);
            if (url.scheme().equals(scheme) && url.host().equalsIgnoreCase(b.host()) && url.port() == b.port()) {
                return true;
            }
        }
        return false;
    }

    /** {@code scheme://host:port/}. */
    public HttpUrl baseUrl(String scheme) {
        return Objects.requireNonNull(HttpUrl.parse(scheme + "://" + hostPort + "/"));
    }
}
