package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.Transports;
import dev.ociconv.registry.RegistryOptions;
import dev.ociconv.registry.auth.CredentialStore;
import dev.ociconv.registry.auth.Credentials;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How to reach registries: credentials and TLS, as skopeo names them. */
final class RegistryFlags {
    @Option(names = "--creds", paramLabel = "USER:PASSWORD",
            description = "Credentials for the registry (else: --authfile, REGISTRY_AUTH_FILE, "
                    + "$XDG_RUNTIME_DIR/containers/auth.json, ~/.docker/config.json and its credential helpers).")
    String creds;

    @Option(names = "--registry-token", paramLabel = "TOKEN",
            description = "A Bearer token for the registry, sent on every request as it is (as skopeo's); instead of credentials.")
    String registryToken;

    @Option(names = "--authfile", paramLabel = "PATH", description = "An auth.json / config.json to read credentials from first.")
    Path authFile;

    @Option(names = "--tls-verify", paramLabel = "true|false", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Verify the registry's TLS certificate (default: true). false also allows plain http. "
                    + "Loopback registries may use plain http anyway, as Docker allows.")
    boolean tlsVerify;

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "CA certificates (*.crt) and client certificate (client.cert, client.key) in Docker's certs.d layout.")
    Path certDir;

    @Option(names = "--retry-times", paramLabel = "N", defaultValue = "4",
            description = "Retries of a request that failed for a passing reason (429, 502, 503, 504, a dropped "
                    + "connection), as skopeo's option (default: ${DEFAULT-VALUE}; a timeout is retried once at most).")
    int retryTimes;

    @Option(names = "--retry-delay", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "The first wait between retries, doubling to at most 10 s (default: ${DEFAULT-VALUE}); "
                    + "a Retry-After from the registry wins.")
    double retryDelay;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up connecting to a registry (or its proxy) after SECONDS (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Option(names = {"--read-timeout", "--timeout"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up when a registry sends nothing for SECONDS: the TLS handshake, a response's first byte, "
                    + "or any byte after it (default: ${DEFAULT-VALUE}). A timed-out request is tried once more. A transfer "
                    + "slower than --speed-limit over --speed-time also fails.")
    long readTimeout;

    @Option(names = "--speed-limit", paramLabel = "BYTES", defaultValue = "1024",
            description = "With --speed-time, as curl's: a transfer averaging fewer BYTES per second over SECONDS fails "
                    + "(default: ${DEFAULT-VALUE}; 0 turns the floor off).")
    long speedLimit;

    @Option(names = "--speed-time", paramLabel = "SECONDS", defaultValue = "60",
            description = "The span over which --speed-limit is judged (default: ${DEFAULT-VALUE}).")
    long speedTime;

    /** The shared flags, for both sides (commands with one registry: tags, inspect, build). */
    Transports.OpenContext context() {
        return Transports.OpenContext.defaults().withRegistry(options(creds, registryToken, authFile, false, tlsVerify, certDir));
    }

    RegistryOptions options(String userPass, String token, Path auth, boolean anonymous, boolean verify, Path certs) {
        if (connectTimeout <= 0 || readTimeout <= 0 || speedTime <= 0) {
            throw new IllegalArgumentException("--connect-timeout, --read-timeout and --speed-time take a number of seconds above 0");
        }
        if (speedLimit < 0) {
            throw new IllegalArgumentException("--speed-limit takes a number of bytes per second, 0 or more");
        }
        if (anonymous && (userPass != null || token != null)) {
            throw new IllegalArgumentException("--src-no-creds/--dest-no-creds and credentials for the same side contradict each other");
        }
        if (userPass != null && token != null) {
            throw new IllegalArgumentException("credentials (--creds) and a registry token (--registry-token) for the same side exclude each other");
        }
        if (retryTimes < 0 || retryTimes > 100 || !(retryDelay >= 0) || retryDelay > 600) {
            throw new IllegalArgumentException("--retry-times takes 0..100 and --retry-delay 0..600 seconds");
        }
        Credentials explicit = token != null ? Credentials.registryToken(token)
                : userPass == null ? null : Credentials.parseUserPass(userPass);
        return RegistryOptions.defaults()
                .withCredentials(anonymous ? CredentialStore.anonymous() : CredentialStore.standard(explicit, auth))
                .withTls(verify, certs)
                .withRetry(new dev.ociconv.registry.http.RetryPolicy(retryTimes + 1,
                        java.time.Duration.ofMillis((long) (retryDelay * 1000)),
                        java.time.Duration.ofMillis(Math.max(10_000, (long) (retryDelay * 1000))),
                        dev.ociconv.registry.http.RetryPolicy.Sleeper.REAL))
                .withTimeouts(dev.ociconv.registry.http.Timeouts.DEFAULT
                        .withConnect(java.time.Duration.ofSeconds(connectTimeout))
                        .withRead(java.time.Duration.ofSeconds(readTimeout))
                        .withRateFloor(speedLimit, java.time.Duration.ofSeconds(speedTime)));
    }
}
