package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Platform;

import java.util.Optional;

/**
 * How an index is copied: every platform, one named platform, or (when the user said nothing)
 * every platform where the sink keeps indexes and the source holds them all, else the host's.
 */
public record PlatformChoice(Mode mode, Optional<Platform> platform) {
    public enum Mode { AUTO, ALL, ONE }

    public static final PlatformChoice AUTO = new PlatformChoice(Mode.AUTO, Optional.empty());
    public static final PlatformChoice ALL = new PlatformChoice(Mode.ALL, Optional.empty());

    public static PlatformChoice one(Platform p) {
        return new PlatformChoice(Mode.ONE, Optional.of(p));
    }

    /** The platform to pick when one must be picked. */
    public Platform wanted() {
        return platform.orElseGet(Platform::host);
    }
}
