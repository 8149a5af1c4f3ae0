package dev.ociconv.registry.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The token scopes a request needs, in the
 * <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope</a> grammar:
 * {@code repository:library/busybox:pull}, {@code repository:x/y:pull,push}. Attached to OkHttp
 * requests as a tag, so the authenticator knows what to ask the token server for.
 *
 * @param scopes one or more scope strings, in order, without duplicates
 */
public record AuthScope(List<String> scopes) {

    public AuthScope {
        Set<String> unique = new LinkedHashSet<>(scopes);
        if (unique.isEmpty() || unique.stream().anyMatch(s -> s == null || s.isBlank() || s.contains(" "))) {
            throw new IllegalArgumentException("bad token scopes " + scopes);
        }
        scopes = List.copyOf(unique);
    }

    public static AuthScope pull(String repository) {
        return new AuthScope(List.of("repository:" + Objects.requireNonNull(repository) + ":pull"));
    }

    public static AuthScope push(String repository) {
        return new AuthScope(List.of("repository:" + Objects.requireNonNull(repository) + ":pull,push"));
    }

    /** These scopes and those of {@code other}. */
    public AuthScope and(AuthScope other) {
        List<String> all = new java.util.ArrayList<>(scopes);
        all.addAll(other.scopes);
        return new AuthScope(all);
    }

    /** These scopes and the space-separated ones of a challenge's {@code scope} parameter. */
    public AuthScope and(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(scopes);
        all.addAll(List.of(spaceSeparated.trim().split("\\s+")));
        return new AuthScope(all);
    }

    /** The cache key. */
    public String key() {
        return String.join(" ", scopes);
    }
}
