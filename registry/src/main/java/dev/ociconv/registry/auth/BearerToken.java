package dev.ociconv.registry.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token from a registry's token server, valid from {@code issuedAt} until {@code expiresAt}.
 *
 * @param value     the token for {@code Authorization: Bearer}
 * @param issuedAt  when it was issued (ours or the server's clock, whichever is earlier)
 * @param expiresAt when it stops being valid ({@code issued_at + expires_in}; the spec's default lifetime is 60 s)
 */
public record BearerToken(String value, Instant issuedAt, Instant expiresAt) {
    public BearerToken {
        Objects.requireNonNull(value);
        Objects.requireNonNull(issuedAt);
        Objects.requireNonNull(expiresAt);
    }

    /**
     * Usable for at least {@code marginSeconds} more, the margin shrunk to a quarter of the token's
     * lifetime for short-lived tokens: a 3 s token must still be sent pre-emptively, because a
     * streamed (one-shot) upload cannot be repeated after a 401.
     */
    public boolean validAt(Instant now, long marginSeconds) {
        long lifetimeMillis = Math.max(0, Duration.between(issuedAt, expiresAt).toMillis());
        long marginMillis = Math.min(marginSeconds * 1000, lifetimeMillis / 4);
        return now.plusMillis(marginMillis).isBefore(expiresAt);
    }

    public String header() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[expires " + expiresAt + "]";
    }
}
