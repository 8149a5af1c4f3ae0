package dev.ociconv.registry.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A token from a registry's token server, valid until {@code expiresAt}.
 *
 * @param value     the token for {@code Authorization: Bearer}
 * @param expiresAt when it stops being valid ({@code issued_at + expires_in}; the spec's default lifetime is 60 s)
 */
public record BearerToken(String value, Instant expiresAt) {
    public BearerToken {
        Objects.requireNonNull(value);
        Objects.requireNonNull(expiresAt);
    }

    /** Usable for at least {@code marginSeconds} more. */
    public boolean validAt(Instant now, long marginSeconds) {
        return now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }

    public String header() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[expires " + expiresAt + "]";
    }
}
