package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks top-level images of a source: all, {@code @N} (0-based, as skopeo's docker-archive
 * syntax), or by name. Names match as written or after Docker's normalisation, so
 * {@code busybox} finds {@code docker.io/library/busybox:latest}, and an OCI ref name
 * {@code v1} finds the entry whose ref.name is {@code v1}.
 */
public final class ImageSelector {
    private ImageSelector() {
    }

    public static List<SourceEntry> select(List<SourceEntry> entries, Optional<String> selector, String sourceName)
            throws IOException {
        if (selector.isEmpty()) {
            if (entries.isEmpty()) {
                throw new IOException(sourceName + ": holds no image");
            }
            return entries;
        }
        String wanted = selector.get();
        if (wanted.startsWith("@")) {
            int n;
            try {
                n = Integer.parseInt(wanted.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid image index '" + wanted + "': expected @N");
            }
            if (n < 0 || n >= entries.size()) {
                throw new IOException(sourceName + ": no image @" + n + " (it holds " + entries.size() + ", @0 to @"
                        + (entries.size() - 1) + ")");
            }
            return List.of(entries.get(n));
        }
        List<SourceEntry> found = new ArrayList<>();
        for (SourceEntry e : entries) {
            if (e.names().stream().anyMatch(n -> sameName(n, wanted))) {
                found.add(e);
            }
        }
        if (found.isEmpty()) {
            // an OCI layout's ref.name (oci:DIR:v1, as skopeo reads it) when no full name matched
            for (SourceEntry e : entries) {
                if (wanted.equals(e.root().annotation(Annotations.REF_NAME))) {
                    found.add(e);
                }
            }
            if (found.stream().map(e -> e.root().digest()).distinct().count() > 1) {
                throw new IOException(sourceName + ": ref name " + wanted + " names " + found.size()
                        + " different images; choose one with @N (" + describe(found) + ")");
            }
        }
        if (found.isEmpty()) {
            throw new IOException(sourceName + ": no image named " + wanted + " (it holds: " + describe(entries) + ")");
        }
        return found.subList(0, 1);
    }

    static boolean sameName(String have, String wanted) {
        if (have.equals(wanted)) {
            return true;
        }
        try {
            return ImageName.parse(have).equals(ImageName.parse(wanted));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String describe(List<SourceEntry> entries) {
        return entries.stream()
                .map(e -> "@" + e.position() + (e.names().isEmpty() ? " (untagged)" : " " + String.join(", ", e.names())))
                .collect(Collectors.joining("; "));
    }

    /**
     * Of several entries, the one that has a name when all the others have none (a layout of one
     * image and its referrers, which oras and ociconv write as unnamed entries); else all of them.
     */
    public static List<SourceEntry> preferNamed(List<SourceEntry> entries) {
        if (entries.size() < 2) {
            return entries;
        }
        List<SourceEntry> named = entries.stream().filter(e -> !e.names().isEmpty()).toList();
        return named.size() == 1 ? named : entries;
    }
}
