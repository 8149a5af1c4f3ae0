package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;
import dev.ociconv.registry.auth.AuthScope;
import dev.ociconv.registry.auth.RegistryAuthenticator;
import dev.ociconv.registry.http.ProxyConfiguration;
import dev.ociconv.registry.http.RetryInterceptor;
import dev.ociconv.registry.http.UserAgentInterceptor;
import dev.ociconv.registry.tls.TlsConfig;
import dev.ociconv.registry.tls.TlsFailure;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Speaks the <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md">distribution
 * API</a> to one registry host. Thread-safe; one per registry, sharing OkHttp's connection pool
 * with every other client.
 *
 * <p>The OkHttp client has: a {@code User-Agent} interceptor, a {@link RetryInterceptor}
 * (idempotent requests only), the {@link RegistryAuthenticator} (pre-emptive credentials and
 * 401 challenges), this host's {@link TlsConfig}, and automatic redirects <em>off</em>: GET and
 * HEAD redirects are followed here, and a hop to another host (blob storage) carries no
 * {@code Authorization} and no scope tag, so no credential ever leaves the registry's host.
 */
public final class RegistryClient implements Closeable {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 10;
    private static final long MAX_ERROR_BODY = 64 * 1024;

    /** One pool and dispatcher for the process; per-registry clients derive from it. */
    /**
     * The base of every client: plain HTTP only. OkHttp sets up TLS (loads and parses the JDK's
     * CA certificates, initialises JSSE) as soon as a client that may speak TLS is built, which
     * cost about a quarter of a second of a small pull from a plain-HTTP loopback registry; so
     * TLS is added only to clients that need it ({@link #tlsBase}).
     */
    private static final OkHttpClient PLAIN = new OkHttpClient.Builder()
            .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofSeconds(120))
            .writeTimeout(Duration.ofSeconds(120))
            .build();

    /** The shared TLS-capable base (connection pool and JSSE set-up made once, on first use). */
    private static final class TlsBase {
        static final OkHttpClient CLIENT = PLAIN.newBuilder()
                .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                .build();
    }

    private final String registry;
    private final RegistryEndpoint endpoint;
    private final RegistryOptions options;
    private final TlsConfig tls;
    private final UserAgentInterceptor ua;
    private final RetryInterceptor retry;
    private final RegistryAuthenticator auth;
    private final Manifests manifests = new Manifests(this);
    private final BlobUploads uploads = new BlobUploads(this);
    private volatile HttpUrl base;
    /** Made when first needed: a plain-HTTP registry never sets up TLS (unless it redirects to HTTPS). */
    private volatile OkHttpClient plainHttp;
    private volatile OkHttpClient tlsHttp;
    private volatile OkHttpClient tokenHttp;

    /**
     * @param registry the registry as named in references ({@code docker.io}, {@code localhost:5000}); the credentials key
     * @param endpoint where its API is reached
     */
    public RegistryClient(String registry, RegistryEndpoint endpoint, RegistryOptions options) throws IOException {
        this.registry = registry;
        this.endpoint = endpoint;
        this.options = options;
        this.tls = TlsConfig.forHost(endpoint.hostPort(), options.certDir(), endpoint.verifyTls() && options.tlsVerify(),
                options.certsDRoots());
        // A proxy variable that does not parse is one clear error now, not a surprise mid-copy.
        for (String scheme : endpoint.schemes()) {
            ProxyConfiguration.check(options.proxies(), scheme, endpoint.baseUrl(scheme).host(), endpoint.baseUrl(scheme).port());
        }
        this.ua = new UserAgentInterceptor(options.userAgent());
        this.retry = new RetryInterceptor(options.retry(), options.clock());
        // Token servers may speak TLS even for a plain-HTTP registry: their client is made when a token is needed.
        this.auth = new RegistryAuthenticator(registry, null, endpoint::isOnHost, options.credentials(),
                this::tokenClient, options.clock());
    }

    private OkHttpClient.Builder base(boolean withTls) {
        OkHttpClient.Builder b = ProxyConfiguration.apply((withTls ? TlsBase.CLIENT : PLAIN).newBuilder(), options.proxies())
                .connectTimeout(options.timeouts().connect())
                .readTimeout(options.timeouts().read())
                .writeTimeout(options.timeouts().read())
                .addNetworkInterceptor(new dev.ociconv.registry.http.RateFloorInterceptor(options.timeouts()));
        if (withTls && tls != null) {
            b.sslSocketFactory(tls.socketFactory(), tls.trustManager());
            if (tls.hostnameVerifier() != null) {
                b.hostnameVerifier(tls.hostnameVerifier());
            }
        }
        return b;
    }

    private OkHttpClient tokenClient() {
        OkHttpClient c = tokenHttp;
        if (c == null) {
            synchronized (this) {
                if (tokenHttp == null) {
                    // no retries of its own: the registry request that needs the token is retried
                    // whole, so a silent token server costs one retry budget, not one per try
                    tokenHttp = base(true).followRedirects(true).addInterceptor(ua).dns(RegistryClient::realmAddresses).build();
                }
                c = tokenHttp;
            }
        }
        return c;
    }

    /**
     * A token realm's addresses, without link-local ones (169.254.0.0/16, fe80::/10: where cloud
     * metadata services answer): a realm name that resolves only there is refused, as a literal
     * one is ({@link dev.ociconv.registry.auth.RegistryAuthenticator#checkRealm}).
     */
    static List<java.net.InetAddress> realmAddresses(String host) throws java.net.UnknownHostException {
        List<java.net.InetAddress> all = okhttp3.Dns.SYSTEM.lookup(host);
        List<java.net.InetAddress> kept = all.stream().filter(a -> !a.isLinkLocalAddress()).toList();
        if (kept.isEmpty()) {
            throw new java.net.UnknownHostException(host + " resolves only to link-local addresses; refused as a token realm");
        }
        return kept;
    }

    private OkHttpClient client(boolean withTls) {
        OkHttpClient c = withTls ? tlsHttp : plainHttp;
        if (c == null) {
            synchronized (this) {
                c = withTls ? tlsHttp : plainHttp;
                if (c == null) {
                    c = base(withTls).addInterceptor(ua).addInterceptor(retry).addInterceptor(auth).authenticator(auth).build();
                    if (withTls) {
                        tlsHttp = c;
                    } else {
                        plainHttp = c;
                    }
                }
            }
        }
        return c;
    }

    private Response call(Request request) throws IOException {
        return client(request.url().isHttps()).newCall(request).execute();
    }

    /** The client for the registry of {@code ref}, with the scheme rules of {@link RegistryEndpoint}. */
    public static RegistryClient forReference(ImageReference ref, RegistryOptions options) throws IOException {
        return new RegistryClient(ref.registry(), RegistryEndpoint.forRegistry(ref.registry(), options.tlsVerify()), options);
    }

    public String registry() {
        return registry;
    }

    public RegistryOptions options() {
        return options;
    }

    /**
     * {@code GET /v2/}: checks the registry is there and, for insecure endpoints, picks the scheme.
     * A 401 counts as "there" (the registry wants credentials, which the first scoped request gets).
     */
    public HttpUrl ping() throws IOException {
        HttpUrl b = base;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (base != null) {
                return base;
            }
            List<String> schemes = endpoint.schemes();
            RegistryException plainAnswer = null;
            if (schemes.contains("http") && schemes.contains("https")) {
                // A loopback port that answers /v2/ in plain HTTP speaks plain HTTP: finding that out
                // needs no TLS handshake (nor the TLS stack). A TLS port answers plain HTTP with 400
                // or closes the connection; HTTPS is then tried as for any registry.
                OkHttpClient plain = client(false);
                HttpUrl candidate = endpoint.baseUrl("http");
                try (Response r = plain.newCall(new Request.Builder().url(candidate.resolve("/v2/")).get().build()).execute()) {
                    if (r.code() == 200 || r.code() == 401) {
                        base = candidate;
                        return candidate;
                    }
                    plainAnswer = error(r);
                } catch (RegistryException | dev.ociconv.registry.auth.AuthenticationException e) {
                    throw e;
                } catch (IOException e) {
                    // not plain HTTP, or not there at all: HTTPS tells which
                }
            }
            boolean https = schemes.contains("https");
            OkHttpClient client = client(https);
            HttpUrl candidate = endpoint.baseUrl(https ? "https" : "http");
            try (Response r = client.newCall(new Request.Builder().url(candidate.resolve("/v2/")).get().build()).execute()) {
                if (r.code() == 200 || r.code() == 401) {
                    base = candidate;
                    return candidate;
                }
                throw error(r);
            } catch (RegistryException | dev.ociconv.registry.auth.AuthenticationException e) {
                throw e;
            } catch (IOException e) {
                TlsFailure failure = https ? TlsFailure.of(e) : TlsFailure.NONE;
                if (failure != TlsFailure.NONE && failure != TlsFailure.NOT_TLS) {
                    // The port speaks TLS and the handshake failed: plain HTTP would only hide why.
                    throw new IOException(failure.explain(endpoint.hostPort(), e), e);
                }
                if (plainAnswer != null && plainAnswer.status() == 400) {
                    // Plain HTTP answered 400 (Go's answer on a TLS port) and the handshake was cut: the TLS failure is the story.
                    throw new IOException("registry " + endpoint.hostPort() + ": TLS connection failed: " + e.getMessage()
                            + " (a registry that requires a client certificate closes the connection like this;"
                            + " put client.cert and client.key in a directory given as --cert-dir)", e);
                }
                if (plainAnswer != null) {
                    throw plainAnswer;
                }
                String why = e instanceof java.net.UnknownHostException ? "unknown host " + e.getMessage()
                        + " (the name does not resolve here; a proxy that resolves it is set with HTTPS_PROXY)"
                        : e instanceof java.net.ConnectException ? "connection refused (" + e.getMessage() + ")" : e.getMessage();
                throw new IOException("registry " + endpoint.hostPort() + ": cannot reach /v2/ over "
                        + String.join(" or ", schemes) + ": " + why, e);
            }
        }
    }

    /** {@code /v2/<repo>/<rest>} on the chosen scheme. */
    HttpUrl url(String repository, String rest) throws IOException {
        return ping().newBuilder().encodedPath("/v2/" + repository + "/" + rest).build();
    }

    /**
     * Executes a request; GET and HEAD follow redirects here (see the class comment). The caller
     * closes the response; non-2xx responses are returned as they are.
     */
    Response execute(Request request) throws IOException {
        Response response = call(request);
        boolean follow = request.method().equals("GET") || request.method().equals("HEAD");
        for (int hops = 0; follow && REDIRECTS.contains(response.code()); hops++) {
            String location = response.header("Location");
            HttpUrl next = location == null ? null : response.request().url().resolve(location);
            response.close();
            if (next == null || hops >= MAX_REDIRECTS) {
                throw new IOException(request.method() + " " + RegistryException.safeUrl(request.url())
                        + ": " + (next == null ? "redirect without a usable Location" : "too many redirects"));
            }
            Request.Builder hop = new Request.Builder().url(next).method(request.method(), null);
            for (String h : List.of("Accept", "Range")) {
                if (request.header(h) != null) {
                    hop.header(h, request.header(h));
                }
            }
            if (sameHost(next, request.url())) {
                AuthScope scope = request.tag(AuthScope.class);
                if (scope != null) {
                    hop.tag(AuthScope.class, scope);
                }
            }
            response = call(hop.build());
        }
        return response;
    }

    static boolean sameHost(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    /** The error of a failed response, with the registry's error codes; closes it. */
    RegistryException error(Response r) throws IOException {
        byte[] body = new byte[0];
        ResponseBody rb = r.body();
        try (r; InputStream in = rb.byteStream()) {
            body = BoundedReads.readAtMost(in, MAX_ERROR_BODY, "error body");
        } catch (IOException e) {
            // The status alone must do.
        }
        return RegistryException.of(r.request().method(), r.request().url(), r.code(), reason(r), body);
    }

    /** The status text, saying so when a token server granted less than the request needs (a pull-only user pushing). */
    private static String reason(Response r) {
        if (r.code() == 401) {
            for (okhttp3.Challenge c : r.challenges()) {
                if ("insufficient_scope".equals(c.authParams().get("error"))) {
                    String scope = c.authParams().get("scope");
                    return r.message() + " (insufficient scope: the credentials are not granted "
                            + (scope == null ? "this access" : scope) + ")";
                }
            }
        }
        return r.message();
    }

    // ---- manifests ------------------------------------------------------------------------

    /** {@code GET} a manifest or index by tag or digest, verified and within the manifest limit. */
    public RawDocument getManifest(String repository, String reference) throws IOException {
        return manifests.get(repository, reference);
    }

    /** {@code HEAD} a manifest: its descriptor, or empty when the registry does not have it. */
    public Optional<Descriptor> headManifest(String repository, String reference) throws IOException {
        return manifests.head(repository, reference);
    }

    /** {@code PUT} the exact bytes under a tag or the document's digest; returns the digest the registry reports. */
    public Digest putManifest(String repository, String reference, RawDocument document) throws IOException {
        return manifests.put(repository, reference, document).digest();
    }

    /** As {@link #putManifest}; true when the registry indexed the manifest's {@code subject} itself ({@code OCI-Subject}). */
    boolean putManifestIndexingSubject(String repository, String reference, RawDocument document) throws IOException {
        return manifests.put(repository, reference, document).subjectIndexed();
    }

    /**
     * Adds {@code referrer} to the {@code sha256-<hex>} fallback tag of {@code subject}, for a
     * registry without the referrers API; see {@link Referrers#addToFallback}.
     */
    public void addFallbackReferrer(String repository, Digest subject, Descriptor referrer) throws IOException {
        new Referrers(this).addToFallback(repository, subject, referrer);
    }

    /**
     * What refers to {@code subject} (signatures, SBOMs, attestations): the referrers API, else the
     * {@code sha256-<hex>} fallback tag; empty when neither has any. See {@link Referrers}.
     */
    public List<Descriptor> referrers(String repository, Digest subject, Optional<String> artifactType) throws IOException {
        return new Referrers(this).list(repository, subject, artifactType);
    }

    /** All tags of a repository, following {@code Link} pagination. */
    public List<String> tags(String repository) throws IOException {
        return manifests.tags(repository);
    }

    /**
     * Deletes the manifest {@code digest} from {@code repository}: every tag that pointed at it goes
     * with it (as skopeo delete). Blobs stay until the registry's garbage collection.
     */
    public void deleteManifest(String repository, Digest digest) throws IOException {
        manifests.delete(repository, digest);
    }

    /** Every repository the registry lists ({@code /v2/_catalog}, all pages). */
    public List<String> catalog() throws IOException {
        return manifests.catalog();
    }

    // ---- blobs ----------------------------------------------------------------------------

    /** {@code HEAD} a blob: its size, or empty when absent. */
    public Optional<Long> blobSize(String repository, Digest digest) throws IOException {
        return BlobDownload.head(this, repository, digest);
    }

    /**
     * The blob's bytes, verified against {@code digest} (and {@code size} unless -1) as read, resuming
     * with {@code Range} after a dropped connection.
     */
    public InputStream openBlob(String repository, Digest digest, long size) throws IOException {
        return BlobDownload.open(this, repository, digest, size);
    }

    /**
     * The blob's bytes from {@code offset} on, when the registry serves ranges; empty when it sends
     * the whole blob instead. Not verified: the caller holds the bytes before {@code offset} and
     * checks the digest of the whole (a half-fetched blob resumed by a later run).
     */
    public Optional<InputStream> openBlobFrom(String repository, Digest digest, long size, long offset) throws IOException {
        if (offset <= 0 || (size >= 0 && offset >= size)) {
            throw new IllegalArgumentException("offset " + offset + " is not inside the blob of " + size + " bytes");
        }
        return BlobDownload.openFrom(this, repository, digest, size, offset);
    }

    /** Cross-repository mount; true when the registry mounted it (201), false when it wants an upload. */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) throws IOException {
        return uploads.mount(repository, digest, fromRepository);
    }

    /** Uploads a blob (monolithic when small and known, else streamed), returning what the registry stored. */
    public StoredBlob pushBlob(String repository, BlobWrite blob) throws IOException {
        return uploads.push(repository, blob);
    }

    @Override
    public void close() {
        // Connections belong to the shared pool; they idle out on their own.
    }
}
