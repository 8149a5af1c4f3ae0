package dev.ociconv.registry.auth;

import java.io.IOException;

/**
 * Authentication could not even be tried: a credential helper failed, or a registry's challenge
 * names a token realm we refuse to call. Its own cause, never hidden behind a retry or a probe
 * of the other scheme (it would otherwise surface as an unrelated TLS error).
 */
public final class AuthenticationException extends IOException {
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthenticationException(String message) {
        super(message);
    }
}
