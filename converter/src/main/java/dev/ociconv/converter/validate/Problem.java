package dev.ociconv.converter.validate;

import java.util.Objects;

/**
 * One finding of {@code ociconv validate}.
 *
 * @param where the file or document concerned, e.g. {@code manifest.json[0].Layers[1]}
 * @param what  what is wrong, one line
 */
public record Problem(String where, String what) {
    public Problem {
        Objects.requireNonNull(where);
        Objects.requireNonNull(what);
    }

    @Override
    public String toString() {
        return where + ": " + what;
    }
}
