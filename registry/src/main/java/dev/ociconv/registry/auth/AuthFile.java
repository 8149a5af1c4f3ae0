package dev.ociconv.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One Docker {@code config.json} or containers {@code auth.json}:
 * <pre>{"auths": {"registry.example": {"auth": "dXNlcjpwYXNz"},
 *            "https://index.docker.io/v1/": {"username": "u", "password": "p"},
 *            "quay.io": {"identitytoken": "…"}},
 *  "credsStore": "desktop", "credHelpers": {"gcr.io": "gcloud"}}</pre>
 *
 * <p>Lookup for a registry (first hit wins): {@code credHelpers[registry]}, then an {@code auths}
 * entry holding credentials (most specific key first: {@code registry/repo/path}, … ,
 * {@code registry}, then URL forms like {@code https://registry/v1/}), then {@code credsStore}.
 */
public final class AuthFile {
    private static final long MAX_BYTES = 1L << 20;

    private final Path path;
    private final JsonNode root;

    private AuthFile(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    public static AuthFile read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = BoundedReads.readAtMost(in, MAX_BYTES, path.toString());
            JsonNode root = Json.parseTree(bytes, "auth file " + path);
            if (!root.isObject()) {
                throw new IOException("auth file " + path + ": not a JSON object");
            }
            return new AuthFile(path, root);
        }
    }

    public Path path() {
        return path;
    }

    /** What this file says about a registry: credentials, a helper to ask, or nothing. */
    public sealed interface Found permits Found.Stored, Found.Helper {
        record Stored(Credentials credentials) implements Found {
        }

        record Helper(String name) implements Found {
        }
    }

    public Optional<Found> lookup(String registry, String repository) throws IOException {
        String helper = root.path("credHelpers").path(registry).asText("");
        if (!helper.isEmpty()) {
            return Optional.of(new Found.Helper(helper));
        }
        JsonNode auths = root.path("auths");
        for (String key : candidateKeys(registry, repository)) {
            JsonNode entry = auths.get(key);
            if (entry != null && entry.isObject()) {
                Optional<Credentials> c = credentialsOf(entry, key);
                if (c.isPresent()) {
                    return Optional.of(new Found.Stored(c.get()));
                }
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(new Found.Helper(store));
    }

    /** The keys under which tools have stored a registry's credentials, most specific first. */
    static List<String> candidateKeys(String registry, String repository) {
        List<String> keys = new ArrayList<>();
        if (repository != null && !repository.isEmpty()) {
            String path = registry + "/" + repository;
            while (path.contains("/")) {
                keys.add(path);
                path = path.substring(0, path.lastIndexOf('/'));
            }
        }
        List<String> hosts = registry.equals("docker.io")
                ? List.of("docker.io", "index.docker.io", "registry-1.docker.io")
                : List.of(registry);
        for (String h : hosts) {
            keys.add(h);
        }
        for (String h : hosts) {
            keys.add("https://" + h + "/v1/");
            keys.add("https://" + h);
            keys.add("https://" + h + "/v2/");
            keys.add("http://" + h);
        }
        return keys;
    }

    private Optional<Credentials> credentialsOf(JsonNode entry, String key) throws IOException {
        String token = entry.path("identitytoken").asText("");
        String auth = entry.path("auth").asText("");
        String user = entry.path("username").asText("");
        String pass = entry.path("password").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("auth file " + path + ": entry '" + key + "': 'auth' is not base64");
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IOException("auth file " + path + ": entry '" + key + "': 'auth' is not user:password");
            }
            user = pair.substring(0, colon);
            pass = pair.substring(colon + 1);
        }
        if (!token.isEmpty()) {
            return Optional.of(new Credentials(user, null, token));
        }
        if (!user.isEmpty() || !pass.isEmpty()) {
            return Optional.of(Credentials.basic(user, pass));
        }
        return Optional.empty();
    }
}
