package dev.ociconv.model.transport;

import dev.ociconv.model.spec.Descriptor;

import java.util.List;
import java.util.Objects;

/**
 * One top-level image a source offers: a tagged (or untagged) manifest, index, or, for archives
 * that hold no manifest (legacy {@code docker save}), the image's config.
 *
 * @param names    the names the source gives it, as written ({@code busybox:latest}, a ref.name, …); may be empty
 * @param root     what {@link ImageSource#resolve} turns into an {@link ImageNode}; its annotations
 *                 are the source's (e.g. index.json's), kept when copying layout to layout
 * @param position 0-based position in the source, for {@code @N} selection
 */
public record SourceEntry(List<String> names, Descriptor root, int position) {
    public SourceEntry {
        names = names == null ? List.of() : List.copyOf(names);
        Objects.requireNonNull(root, "root");
    }
}
