package dev.ociconv.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What the user proves themselves with: a username and password, or an identity token (a
 * refresh token from {@code docker login} with an OAuth registry; then {@code username} may be
 * {@code <token>}). {@link #toString()} never shows secrets.
 *
 * @param username      the user, may be empty with an identity token
 * @param password      the password, or {@code null} with an identity token
 * @param identityToken the refresh token, or {@code null}
 */
public record Credentials(String username, String password, String identityToken) {

    public Credentials {
        username = username == null ? "" : username;
        if (password == null && identityToken == null) {
            throw new IllegalArgumentException("credentials need a password or an identity token");
        }
    }

    public static Credentials basic(String username, String password) {
        return new Credentials(Objects.requireNonNull(username), Objects.requireNonNull(password), null);
    }

    public static Credentials identityToken(String token) {
        return new Credentials("", null, Objects.requireNonNull(token));
    }

    /** The user name that marks a registry token (skopeo's {@code --registry-token}): a Bearer token sent as it is. */
    private static final String REGISTRY_TOKEN = "<registry-token>";

    /**
     * A Bearer token for the registry itself ({@code --registry-token}), sent on every request to
     * it as {@code Authorization: Bearer TOKEN}, never exchanged at a token server.
     */
    public static Credentials registryToken(String token) {
        if (Objects.requireNonNull(token).isBlank() || token.contains("\n") || token.contains("\r")) {
            throw new IllegalArgumentException("a registry token is one line of text");
        }
        return new Credentials(REGISTRY_TOKEN, token, null);
    }

    public boolean isRegistryToken() {
        return REGISTRY_TOKEN.equals(username) && password != null;
    }

    /** Parses {@code USER:PASS} as given on a command line (the password may contain ':'). */
    public static Credentials parseUserPass(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("credentials must be USER:PASSWORD");
        }
        return basic(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean hasIdentityToken() {
        return identityToken != null;
    }

    /** The {@code Authorization: Basic …} value; only for username/password credentials. */
    public String basicHeader() {
        if (isRegistryToken()) {
            return "Bearer " + password;
        }
        if (password == null) {
            throw new IllegalStateException("identity-token credentials have no Basic form");
        }
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + (identityToken != null ? "identity token" : isRegistryToken() ? "registry token" : "user " + username) + "]";
    }
}
