package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token server for distribution's {@code auth: token}: checks Basic credentials, grants each
 * user the actions it may have on the requested repositories, and answers a JWT signed RS256 with
 * the signing certificate in {@code x5c} (distribution 2.8 verifies that chain against its
 * {@code rootcertbundle}).
 */
final class TokenService implements Closeable {
    static final String SERVICE = "ociconv-test-registry";
    static final String ISSUER = "ociconv-test-issuer";
    /** distribution accepts tokens up to 60 s past {@code exp} (token.Leeway). */
    private static final long REGISTRY_LEEWAY_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Map<String, String> passwords;
    private final Map<String, Set<String>> actions;
    private final long lifetimeSeconds;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param users     user → password
     * @param actions   user → actions granted on any repository ({@code pull}, {@code push})
     * @param lifetime  token lifetime in seconds; the registry really refuses tokens after it
     */
    TokenService(PrivateKey key, X509Certificate cert, Map<String, String> users, Map<String, Set<String>> actions,
                 long lifetime) throws IOException {
        this.key = key;
        this.cert = cert;
        this.passwords = users;
        this.actions = actions;
        this.lifetimeSeconds = lifetime;
        server = LoopbackHttp.create(20);
        server.createContext("/token", this::handle);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int issued() {
        return issued.get();
    }

    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String user = user(ex.getRequestHeaders().getFirst("Authorization"));
            if (user == null) {
                refused.incrementAndGet();
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"token\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            for (String scope : params(ex.getRequestURI().getRawQuery(), "scope")) {
                String[] parts = scope.split(":");
                if (parts.length != 3 || !parts[0].equals("repository")) {
                    continue;
                }
                List<String> granted = new ArrayList<>();
                for (String a : parts[2].split(",")) {
                    if (actions.getOrDefault(user, Set.of()).contains(a)) {
                        granted.add(a);
                    }
                }
                access.add(Map.of("type", "repository", "name", parts[1], "actions", granted));
            }
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", user);
            claims.put("aud", SERVICE);
            // Shifted back by the registry's leeway so that it refuses the token after lifetimeSeconds.
            claims.put("exp", now + lifetimeSeconds - REGISTRY_LEEWAY_SECONDS);
            claims.put("nbf", now - 1);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("access", access);
            String jwt = sign(claims);
            byte[] body = JSON.writeValueAsBytes(Map.of("token", jwt, "expires_in", lifetimeSeconds,
                    "issued_at", Instant.ofEpochSecond(now).toString()));
            issued.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private String user(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String[] up = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8).split(":", 2);
        return up.length == 2 && up[1].equals(passwords.get(up[0])) ? up[0] : null;
    }

    private static List<String> params(String query, String name) {
        List<String> out = new ArrayList<>();
        if (query == null) {
            return out;
        }
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2 && p[0].equals(name)) {
                out.add(URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private String sign(Map<String, Object> claims) throws IOException {
        try {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            Map<String, Object> header = Map.of("typ", "JWT", "alg", "RS256",
                    "x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
            String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("signing a token: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
