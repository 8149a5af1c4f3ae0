package dev.ociconv.registry.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff: try {@code maxAttempts} times in all, waiting
 * {@code initialDelay}, twice that, … up to {@code maxDelay} between tries. A {@code Retry-After}
 * from the server replaces the computed wait (capped at {@code maxDelay}).
 *
 * @param maxAttempts  tries in all, at least 1
 * @param initialDelay wait before the second try
 * @param maxDelay     cap on any single wait
 * @param sleeper      how to wait (tests pass one that records instead of sleeping)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Sleeper sleeper) {

    /** Five tries, 0.5 s doubling to at most 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10), Sleeper.REAL);

    /** One try: no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Sleeper.REAL);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialDelay);
        Objects.requireNonNull(maxDelay);
        Objects.requireNonNull(sleeper);
    }

    /** The wait before try {@code attempt + 1} (attempt counts from 1), without a server hint. */
    public Duration delayAfter(int attempt) {
        long ms = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    public Duration cap(Duration d) {
        return d.compareTo(maxDelay) > 0 ? maxDelay : d.isNegative() ? Duration.ZERO : d;
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(maxAttempts, initialDelay, maxDelay, s);
    }

    /** Waits; interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }
}
