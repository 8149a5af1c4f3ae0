package dev.ociconv.registry.http;

import okhttp3.Authenticator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@link ProxyRules} put into an OkHttp client: a {@link ProxySelector} that asks the rules for
 * every request (OkHttp then tunnels HTTPS with {@code CONNECT} and sends plain HTTP in absolute
 * form, without resolving the registry's name itself), and a proxy {@link Authenticator} that
 * sends the credentials of the proxy URL ({@code http://user:pass@proxy:3128}) as Basic
 * {@code Proxy-Authorization}, pre-emptively on {@code CONNECT}, once on a 407 otherwise.
 */
public final class ProxyConfiguration {
    private ProxyConfiguration() {
    }

    /** Checks the proxy variables that apply before the first request, so a bad one is one clear error. */
    public static void check(ProxyRules rules, String scheme, String host, int port) throws IOException {
        rules.forRequest(scheme, host, port);
    }

    /** The builder, routed by {@code rules}. */
    public static OkHttpClient.Builder apply(OkHttpClient.Builder builder, ProxyRules rules) {
        return builder.proxySelector(new Selector(rules)).proxyAuthenticator(new ProxyCredentials(rules));
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static final class Selector extends ProxySelector {
        private final ProxyRules rules;

        Selector(ProxyRules rules) {
            this.rules = rules;
        }

        @Override
        public List<Proxy> select(URI uri) {
            try {
                Optional<ProxyRules.ProxyTarget> t = rules.forRequest(uri.getScheme(), uri.getHost(), port(uri));
                return List.of(t.map(p -> new Proxy(p.type(), InetSocketAddress.createUnresolved(p.host(), p.port())))
                        .orElse(Proxy.NO_PROXY));
            } catch (IOException e) {
                // checked before the first request (see check): never silently go direct instead
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // OkHttp reports and retries routes itself
        }
    }

    private record ProxyCredentials(ProxyRules rules) implements Authenticator {
        @Override
        public Request authenticate(Route route, Response response) throws IOException {
            if (route == null || route.proxy().type() == Proxy.Type.DIRECT) {
                return null;
            }
            SocketAddress address = route.proxy().address();
            if (!(address instanceof InetSocketAddress proxy)) {
                return null;
            }
            URI target = response.request().url().uri();
            Optional<ProxyRules.ProxyTarget> t = rules.forRequest(target.getScheme(), target.getHost(), port(target));
            if (t.isEmpty() || !t.get().hasCredentials() || !t.get().host().equalsIgnoreCase(proxy.getHostString())
                    || t.get().port() != proxy.getPort()) {
                return null;
            }
            if (response.request().header("Proxy-Authorization") != null) {
                return null; // these credentials were refused: the 407 is the answer
            }
            return response.request().newBuilder()
                    .header("Proxy-Authorization", okhttp3.Credentials.basic(t.get().user(), t.get().password()))
                    .build();
        }
    }
}
