package dev.ociconv.registry;

import dev.ociconv.model.content.Limits;
import dev.ociconv.registry.auth.CredentialStore;
import dev.ociconv.registry.http.ProxyRules;
import dev.ociconv.registry.http.RetryPolicy;
import dev.ociconv.registry.http.Timeouts;
import dev.ociconv.registry.http.UserAgentInterceptor;
import dev.ociconv.registry.tls.TlsConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to talk to registries.
 *
 * @param credentials         where credentials come from
 * @param tlsVerify           false to accept any certificate and fall back to plain HTTP (see {@link RegistryEndpoint})
 * @param certDir             {@code --cert-dir} (Docker certs.d layout), or null for the default certs.d dirs
 * @param certsDRoots         the default certs.d roots ({@link TlsConfig#DEFAULT_CERTS_D})
 * @param retry               backoff for idempotent requests
 * @param limits              caps on documents read into memory
 * @param userAgent           the {@code User-Agent}
 * @param monolithicMaxBytes  blobs of known digest up to this size are pushed in one PUT (buffered);
 *                            larger or unknown ones are streamed with PATCH
 * @param clock               for token expiry and {@code Retry-After} dates
 * @param proxies             which proxy each request goes through ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY})
 * @param timeouts            connect, idle read and the transfer-rate floor
 */
public record RegistryOptions(
        CredentialStore credentials,
        boolean tlsVerify,
        Path certDir,
        List<Path> certsDRoots,
        RetryPolicy retry,
        Limits limits,
        String userAgent,
        long monolithicMaxBytes,
        Clock clock,
        ProxyRules proxies,
        Timeouts timeouts) {

    public RegistryOptions {
        Objects.requireNonNull(credentials, "credentials");
        certsDRoots = List.copyOf(certsDRoots);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(timeouts, "timeouts");
        if (monolithicMaxBytes < 0 || monolithicMaxBytes > (64L << 20)) {
            throw new IllegalArgumentException("monolithicMaxBytes must be within 0..64 MiB");
        }
    }

    /** Anonymous, verified TLS, default retries and limits. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(CredentialStore.anonymous(), true, null, TlsConfig.DEFAULT_CERTS_D,
                RetryPolicy.DEFAULT, Limits.DEFAULT, UserAgentInterceptor.defaultUserAgent(), 1L << 20, Clock.systemUTC(),
                ProxyRules.fromEnvironment(System.getenv()), Timeouts.DEFAULT);
    }

    public RegistryOptions withCredentials(CredentialStore c) {
        return new RegistryOptions(c, tlsVerify, certDir, certsDRoots, retry, limits, userAgent, monolithicMaxBytes, clock, proxies, timeouts);
    }

    public RegistryOptions withTls(boolean verify, Path dir) {
        return new RegistryOptions(credentials, verify, dir, certsDRoots, retry, limits, userAgent, monolithicMaxBytes, clock, proxies, timeouts);
    }

    public RegistryOptions withRetry(RetryPolicy r) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, r, limits, userAgent, monolithicMaxBytes, clock, proxies, timeouts);
    }

    public RegistryOptions withLimits(Limits l) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, retry, l, userAgent, monolithicMaxBytes, clock, proxies, timeouts);
    }

    public RegistryOptions withMonolithicMaxBytes(long n) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, retry, limits, userAgent, n, clock, proxies, timeouts);
    }

    public RegistryOptions withProxies(ProxyRules p) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, retry, limits, userAgent, monolithicMaxBytes, clock, p, timeouts);
    }

    public RegistryOptions withTimeouts(Timeouts t) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, retry, limits, userAgent, monolithicMaxBytes, clock, proxies, t);
    }

    public RegistryOptions withClock(Clock c) {
        return new RegistryOptions(credentials, tlsVerify, certDir, certsDRoots, retry, limits, userAgent, monolithicMaxBytes, c, proxies, timeouts);
    }
}
