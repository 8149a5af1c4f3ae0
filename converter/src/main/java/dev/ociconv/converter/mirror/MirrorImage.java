package dev.ociconv.converter.mirror;

import java.util.Objects;
import java.util.Optional;

/**
 * One image a mirror run carries, its tags expanded.
 *
 * @param location where it is read from: {@code docker://host/repo:tag} (or {@code @sha256:…}), or a local source
 * @param name     the full name it gets in the bundle ({@code host/repo:tag}); empty for a local source,
 *                 whose images keep the names they have there
 * @param listed   the list entry it came from (its line, platforms, referrers choice, registry settings)
 */
public record MirrorImage(String location, Optional<String> name, ListedImage listed) {
    public MirrorImage {
        Objects.requireNonNull(location);
        Objects.requireNonNull(name);
        Objects.requireNonNull(listed);
    }

    /** How it is shown: its name, or where it comes from. */
    public String label() {
        return name.orElse(location);
    }
}
