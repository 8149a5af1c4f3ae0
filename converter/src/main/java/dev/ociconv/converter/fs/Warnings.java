package dev.ociconv.converter.fs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One-line warnings, each reported once however often it happens. */
final class Warnings {
    private final Set<String> lines = new LinkedHashSet<>();

    void add(String line) {
        lines.add(line);
    }

    List<String> list() {
        return new ArrayList<>(lines);
    }
}
