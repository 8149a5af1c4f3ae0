package dev.ociconv.registry;

import okhttp3.HttpUrl;

import java.util.List;
import java.util.Objects;

/**
 * Where a registry's API is reached: host, port, and the schemes to try, in order.
 *
 * <p>Decision (documented for users): a registry is reached over HTTPS with certificate checks.
 * An "insecure" registry — a loopback host (as Docker treats {@code localhost} and
 * {@code 127.0.0.0/8}), or any host when the user says {@code --tls-verify=false} — is tried
 * over HTTPS <em>without</em> certificate checks first and over plain HTTP when TLS fails, like
 * Docker's insecure-registries. The first scheme whose {@code /v2/} answers is kept for the life
 * of the client.
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
        boolean insecure = !tlsVerify || ImageReference.isLoopbackHost(ImageReference.hostWithoutPort(api));
        return insecure ? new RegistryEndpoint(api, List.of("https", "http"), false)
                : new RegistryEndpoint(api, List.of("https"), true);
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
