package dev.ociconv.registry.auth;

import okhttp3.Authenticator;
import okhttp3.Challenge;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Authentication with one registry host, in OkHttp's own terms: as an {@link Interceptor} it puts
 * the credentials already known (a cached, unexpired token for the request's {@link AuthScope};
 * or Basic, once the registry asked for it) on each request before it is sent, so streamed
 * bodies go out authenticated; as an {@link Authenticator} it answers a 401 from the parsed
 * {@code WWW-Authenticate} challenges ({@link Response#challenges()}).
 *
 * <p>Bearer: a token is fetched for the request's scopes (and the challenge's {@code scope}),
 * cached per scope until it expires, renewed when it has expired or was refused. An
 * {@code error="insufficient_scope"} answer to a fresh token is retried once with the scope the
 * registry names. Nothing is ever sent to a host other than the registry's: requests to other
 * hosts (blob storage after a redirect) are left alone, and a token server only ever sees the
 * credentials the registry's challenge sent us there with.
 */
public final class RegistryAuthenticator implements Authenticator, Interceptor {
    private static final long EXPIRY_MARGIN_SECONDS = 5;

    private final String registry;
    private final String repositoryHint;
    private final Predicate<HttpUrl> isRegistry;
    private final String hostForMessages;
    private final CredentialStore store;
    private final TokenServer tokens;
    private final Clock clock;
    private final Map<String, BearerToken> cache = new ConcurrentHashMap<>();
    private volatile Optional<Credentials> credentials;
    private volatile boolean basicRequested;
    /** The token server of the last Bearer challenge (renewals before one-shot requests go there). */
    private volatile HttpUrl lastRealm;
    private volatile String lastService;

    /**
     * @param registry       the registry as named in references (credential lookup key)
     * @param repositoryHint a repository for path-scoped auth-file entries, or null
     * @param isRegistry     true for URLs on the registry's API host:port; only those get credentials
     * @param store          where credentials come from (consulted once, lazily)
     * @param tokenHttp      client for token servers (without this authenticator), made when first needed
     */
    public RegistryAuthenticator(String registry, String repositoryHint, Predicate<HttpUrl> isRegistry, CredentialStore store,
                                 java.util.function.Supplier<OkHttpClient> tokenHttp, Clock clock) {
        this.registry = registry;
        this.repositoryHint = repositoryHint;
        this.isRegistry = isRegistry;
        this.hostForMessages = registry;
        this.store = store;
        this.tokens = new TokenServer(tokenHttp, clock);
        this.clock = clock;
    }

    private boolean sameHost(HttpUrl url) {
        return isRegistry.test(url);
    }

    private Optional<Credentials> credentials() throws IOException {
        Optional<Credentials> c = credentials;
        if (c == null) {
            synchronized (this) {
                if (credentials == null) {
                    try {
                        credentials = store.resolve(registry, repositoryHint);
                    } catch (AuthenticationException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new AuthenticationException("registry " + hostForMessages + ": credentials: " + e.getMessage(), e);
                    }
                }
                c = credentials;
            }
        }
        return c;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (request.header("Authorization") == null && sameHost(request.url())) {
            if (credentials().filter(Credentials::isRegistryToken).isPresent()) {
                // --registry-token: the user's Bearer token on every request, no challenge, no token server
                return chain.proceed(request.newBuilder().header("Authorization", credentials().get().basicHeader()).build());
            }
            AuthScope scope = request.tag(AuthScope.class);
            BearerToken token = scope == null ? null : cache.get(scope.key());
            if (token != null && token.validAt(clock.instant(), EXPIRY_MARGIN_SECONDS)) {
                request = request.newBuilder().header("Authorization", token.header()).build();
            } else if (scope != null && lastRealm != null && request.body() != null && request.body().isOneShot()) {
                // A streamed upload cannot be sent again after a 401: renew the token before sending.
                BearerToken fresh = tokens.fetch(lastRealm, lastService, scope, credentials().orElse(null));
                cache.put(scope.key(), fresh);
                request = request.newBuilder().header("Authorization", fresh.header()).build();
            } else if (basicRequested && credentials().filter(c -> !c.hasIdentityToken()).isPresent()) {
                request = request.newBuilder().header("Authorization", credentials().get().basicHeader()).build();
            }
        }
        return chain.proceed(request);
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        Request request = response.request();
        if (!sameHost(request.url()) || response.code() != 401) {
            return null;
        }
        if (credentials().filter(Credentials::isRegistryToken).isPresent()) {
            throw new AuthenticationException("registry " + hostForMessages + ": the registry token (--registry-token) was refused (401)");
        }
        int attempts = countPrior(response);
        for (Challenge c : response.challenges()) {
            String scheme = c.scheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("bearer")) {
                return bearer(request, c, attempts);
            }
        }
        for (Challenge c : response.challenges()) {
            if (c.scheme().equalsIgnoreCase("basic")) {
                return basic(request, attempts);
            }
        }
        return null; // no challenge we speak: the 401 reaches the caller as a RegistryException
    }

    private Request basic(Request request, int attempts) throws IOException {
        Optional<Credentials> c = credentials();
        if (attempts > 1 || c.isEmpty() || c.get().hasIdentityToken()) {
            return null;
        }
        basicRequested = true;
        return request.newBuilder().header("Authorization", c.get().basicHeader()).build();
    }

    private Request bearer(Request request, Challenge challenge, int attempts) throws IOException {
        String realmText = challenge.authParams().get("realm");
        HttpUrl realm = realmText == null ? null : HttpUrl.parse(realmText);
        if (realm == null) {
            throw new AuthenticationException("registry " + hostForMessages + ": Bearer challenge without a valid realm"
                    + (realmText == null ? "" : " ('" + printable(realmText) + "': the token realm must be an https URL)"));
        }
        checkRealm(realm, request.url());
        AuthScope requested = request.tag(AuthScope.class);
        String challengeScope = challenge.authParams().get("scope");
        boolean insufficient = "insufficient_scope".equals(challenge.authParams().get("error"));
        AuthScope scope = requested == null
                ? (challengeScope == null || challengeScope.isBlank() ? null : new AuthScope(java.util.List.of(challengeScope.trim().split("\\s+"))))
                : requested.and(challengeScope);
        if (scope == null) {
            // A ping: no repository involved; the registry is reachable and wants tokens.
            return null;
        }
        // First 401: fetch (or renew a refused/expired) token. Second: only insufficient_scope
        // earns one more try, with the wider scope. Then the 401 reaches the caller.
        if (attempts > 2 || (attempts == 2 && !insufficient)) {
            return null;
        }
        lastService = challenge.authParams().get("service");
        lastRealm = realm;
        BearerToken token = tokens.fetch(realm, lastService, scope, credentials().orElse(null));
        cache.put(scope.key(), token);
        if (requested != null) {
            cache.put(requested.key(), token);
        }
        return request.newBuilder().header("Authorization", token.header()).build();
    }

    private static int countPrior(Response response) {
        int n = 1;
        for (Response r = response.priorResponse(); r != null; r = r.priorResponse()) {
            n++;
        }
        return n;
    }

    /**
     * The realm a registry sends us to with the user's credentials: https (http only when the
     * registry itself is plain http, or the realm is on loopback), and never a link-local or
     * cloud-metadata address (169.254.0.0/16, fe80::/10, metadata.google.internal), which a
     * hostile registry could use to reach the machine's own instance credentials.
     */
    public static void checkRealm(HttpUrl realm, HttpUrl registryUrl) throws AuthenticationException {
        String host = realm.host();
        byte[] ip = dev.ociconv.registry.http.ProxyRules.ipLiteralOf(host);
        boolean loopback = host.equals("localhost") || ip != null && dev.ociconv.registry.http.ProxyRules.isLoopbackAddress(ip);
        if (realm.scheme().equals("http") && !registryUrl.scheme().equals("http") && !loopback) {
            throw new AuthenticationException("token realm " + realm.scheme() + "://" + host + ":" + realm.port()
                    + " is plain http for a registry reached over https; refused (the credentials would travel unencrypted)");
        }
        if (ip != null && isLinkLocal(ip) || host.equalsIgnoreCase("metadata.google.internal") || host.equalsIgnoreCase("metadata")) {
            throw new AuthenticationException("token realm " + host + " is a link-local or metadata address; refused");
        }
    }

    static boolean isLinkLocal(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xff) == 169 && (ip[1] & 0xff) == 254;
        }
        return ip.length == 16 && (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
