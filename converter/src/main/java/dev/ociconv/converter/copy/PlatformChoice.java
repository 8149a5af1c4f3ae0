package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Platform;

import java.util.List;

/**
 * How an index is copied: every platform, one named platform, a subset of named platforms (a
 * smaller index of them), or (when the user said nothing) every platform where the sink keeps
 * indexes and the source holds them all, else the host's.
 */
public record PlatformChoice(Mode mode, List<Platform> platforms) {
    public enum Mode { AUTO, ALL, ONE, SOME }

    public static final PlatformChoice AUTO = new PlatformChoice(Mode.AUTO, List.of());
    public static final PlatformChoice ALL = new PlatformChoice(Mode.ALL, List.of());

    public PlatformChoice {
        platforms = List.copyOf(platforms);
        if ((mode == Mode.ONE) != (platforms.size() == 1) || (mode == Mode.SOME && platforms.size() < 2)
                || ((mode == Mode.AUTO || mode == Mode.ALL) && !platforms.isEmpty())) {
            throw new IllegalArgumentException(mode + " with " + platforms.size() + " platforms");
        }
    }

    public static PlatformChoice one(Platform p) {
        return new PlatformChoice(Mode.ONE, List.of(p));
    }

    /** The platforms named, each once: one is {@link Mode#ONE}, more are {@link Mode#SOME}. */
    public static PlatformChoice of(List<Platform> named) {
        List<Platform> distinct = named.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return AUTO;
        }
        return distinct.size() == 1 ? one(distinct.get(0)) : new PlatformChoice(Mode.SOME, distinct);
    }

    /** True when the user named the platform(s). */
    public boolean named() {
        return mode == Mode.ONE || mode == Mode.SOME;
    }

    /** The platform to pick when one must be picked: the one named, else this machine's. */
    public Platform wanted() {
        if (mode == Mode.SOME) {
            throw new IllegalStateException("several platforms were named");
        }
        return platforms.isEmpty() ? Platform.host() : platforms.get(0);
    }

    /** True when {@code p} is one of the platforms named. */
    public boolean accepts(Platform p) {
        return p != null && platforms.stream().anyMatch(w -> w.matches(p));
    }

    @Override
    public String toString() {
        return named() ? String.join(", ", platforms.stream().map(Platform::toString).toList()) : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
