package dev.ociconv.registry;

import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.registry.http.ProxyConfiguration;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a non-distributable ("foreign") layer from the URLs its descriptor lists, for
 * {@code --allow-nondistributable-artifacts}: https only (plain http only to a loopback address),
 * never a link-local or metadata address (redirects included), no credentials of ours ever (these are not our registry's hosts), the user's proxies and
 * timeouts, and the bytes held to the descriptor's digest and size as they stream. Each URL is
 * tried in turn; the error names every one that failed.
 */
public final class ForeignLayerDownload {
    private ForeignLayerDownload() {
    }

    public static InputStream open(LayerRef layer, RegistryOptions options) throws IOException {
        if (layer.urls().isEmpty()) {
            throw new IOException("non-distributable layer " + layer.digest() + " lists no urls to fetch it from");
        }
        OkHttpClient client = ProxyConfiguration.apply(new OkHttpClient.Builder()
                        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)), options.proxies())
                .connectTimeout(options.timeouts().connect())
                .readTimeout(options.timeouts().read())
                .followRedirects(true)
                .followSslRedirects(false) // never from https down to http
                .addNetworkInterceptor(chain -> { // every hop, redirects included
                    if (isLinkLocal(chain.request().url().host())) {
                        throw new IOException(chain.request().url().host() + " is a link-local or metadata address; refused");
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        List<String> failures = new ArrayList<>();
        for (String url : layer.urls()) {
            HttpUrl u = HttpUrl.parse(url);
            if (u == null || !(u.scheme().equals("https") || (u.scheme().equals("http") && isLoopback(u.host())))) {
                failures.add(url + ": only https URLs are fetched (http only on loopback)");
                continue;
            }
            Response r = client.newCall(new Request.Builder().url(u).get().header("User-Agent", options.userAgent()).build()).execute();
            if (!r.isSuccessful()) {
                failures.add(url + ": " + r.code());
                r.close();
                continue;
            }
            ResponseBody body = r.body();
            long announced = body.contentLength();
            if (announced >= 0 && announced != layer.size()) {
                failures.add(url + ": " + announced + " bytes, the descriptor says " + layer.size());
                r.close();
                continue;
            }
            InputStream in = new FilterInputStream(body.byteStream()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        r.close();
                    }
                }
            };
            return new VerifyingInputStream(in, layer.digest(), layer.size(), "non-distributable layer " + layer.digest() + " from " + url);
        }
        throw new IOException("non-distributable layer " + layer.digest().shortHex() + ": no URL gave it (" + String.join("; ", failures) + ")");
    }

    private static boolean isLinkLocal(String host) {
        byte[] ip = dev.ociconv.registry.http.ProxyRules.ipLiteralOf(host);
        boolean v4 = ip != null && ip.length == 4 && (ip[0] & 0xff) == 169 && (ip[1] & 0xff) == 254;
        boolean v6 = ip != null && ip.length == 16 && (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80;
        return v4 || v6 || host.equalsIgnoreCase("metadata.google.internal");
    }

    private static boolean isLoopback(String host) {
        byte[] ip = dev.ociconv.registry.http.ProxyRules.ipLiteralOf(host);
        return host.equals("localhost") || (ip != null && dev.ociconv.registry.http.ProxyRules.isLoopbackAddress(ip));
    }
}
