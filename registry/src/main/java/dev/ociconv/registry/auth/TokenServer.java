package dev.ociconv.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.json.Json;
import dev.ociconv.registry.RegistryException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Gets tokens from the realm named in a {@code Bearer} challenge, per the
 * <a href="https://distribution.github.io/distribution/spec/auth/token/">token protocol</a>:
 * {@code GET realm?service=…&scope=…} with Basic credentials (or none), or, with an identity
 * token, the OAuth2 {@code POST realm} form with {@code grant_type=refresh_token}.
 */
final class TokenServer {
    private static final long MAX_TOKEN_RESPONSE = 1L << 20;
    private static final long DEFAULT_LIFETIME_SECONDS = 60;

    private final java.util.function.Supplier<OkHttpClient> http;
    private final Clock clock;

    TokenServer(java.util.function.Supplier<OkHttpClient> http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    BearerToken fetch(HttpUrl realm, String service, AuthScope scope, Credentials credentials) throws IOException {
        Request request;
        if (credentials != null && credentials.hasIdentityToken()) {
            FormBody.Builder form = new FormBody.Builder()
                    .add("grant_type", "refresh_token")
                    .add("refresh_token", credentials.identityToken())
                    .add("client_id", "ociconv")
                    .add("scope", scope.key());
            if (service != null) {
                form.add("service", service);
            }
            request = new Request.Builder().url(realm).post(form.build()).build();
        } else {
            HttpUrl.Builder url = realm.newBuilder();
            if (service != null) {
                url.addQueryParameter("service", service);
            }
            for (String s : scope.scopes()) {
                url.addQueryParameter("scope", s);
            }
            Request.Builder b = new Request.Builder().url(url.build()).get();
            if (credentials != null) {
                b.header("Authorization", credentials.basicHeader());
            }
            request = b.build();
        }
        okhttp3.OkHttpClient client = http.get();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            byte[] bytes;
            try (InputStream in = body.byteStream()) {
                bytes = BoundedReads.readAtMost(in, MAX_TOKEN_RESPONSE, "token response from " + realm.host());
            }
            if (!response.isSuccessful()) {
                throw RegistryException.of(request.method(), request.url(), response.code(), response.message(), bytes);
            }
            return parse(bytes, realm);
        } catch (java.net.SocketTimeoutException e) {
            // said as the token server's silence, not as the registry request that needed the token
            throw new AuthenticationException("token server " + realm.host() + ":" + realm.port() + " (realm "
                    + realm.scheme() + "://" + realm.host() + ":" + realm.port() + realm.encodedPath() + "): no answer within "
                    + client.readTimeoutMillis() / 1000 + " s (" + e.getMessage() + "; --read-timeout changes it)", e);
        }
    }

    private BearerToken parse(byte[] bytes, HttpUrl realm) throws IOException {
        JsonNode json = Json.parseTree(bytes, "token response from " + realm.host());
        String token = json.path("token").asText("");
        if (token.isEmpty()) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new IOException("token response from " + realm.host() + ": no token");
        }
        long lifetime = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? json.path("expires_in").asLong() : DEFAULT_LIFETIME_SECONDS;
        Instant issued = clock.instant();
        if (json.path("issued_at").isTextual()) {
            try {
                Instant stated = Instant.parse(json.path("issued_at").asText());
                // A server clock ahead of ours must not extend the token's life here.
                issued = stated.isBefore(issued) ? stated : issued;
            } catch (DateTimeParseException e) {
                // Keep our own clock.
            }
        }
        return new BearerToken(token, issued, issued.plusSeconds(lifetime));
    }
}
