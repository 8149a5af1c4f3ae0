package dev.ociconv.registry.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long ociconv waits for a registry, so that a dead, silent or stalling server fails in a
 * bounded, predictable time: connecting (TCP, and through a proxy), the gap between two reads
 * (the TLS handshake, the first byte of a response, and every byte after it), and a floor on a
 * transfer's rate (a server that sends one byte a second never trips the idle timeout).
 *
 * @param connect       TCP connect
 * @param read          longest wait for the next byte (or for room to write one)
 * @param minRate       bytes per second a response body must average over {@code rateWindow}
 * @param rateWindow    the span over which the rate is judged
 */
public record Timeouts(Duration connect, Duration read, long minRate, Duration rateWindow) {
    /** 30 s to connect, 60 s of silence, at least 1 KiB/s over any 60 s of a transfer. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), 1024,
            Duration.ofSeconds(60));

    public Timeouts {
        Objects.requireNonNull(connect);
        Objects.requireNonNull(read);
        Objects.requireNonNull(rateWindow);
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()
                || rateWindow.isNegative() || rateWindow.isZero() || minRate < 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, read, minRate, rateWindow);
    }

    public Timeouts withRead(Duration d) {
        return new Timeouts(connect, d, minRate, rateWindow);
    }

    public Timeouts withRateFloor(long bytesPerSecond, Duration window) {
        return new Timeouts(connect, read, bytesPerSecond, window);
    }
}
