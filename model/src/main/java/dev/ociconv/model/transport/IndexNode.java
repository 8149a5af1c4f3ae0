package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.spec.ImageIndex;

import java.util.Objects;
import java.util.Optional;

/** An image index or Docker manifest list, as exact bytes and parsed. Children: {@link ImageSource#resolve}. */
public record IndexNode(RawDocument raw, ImageIndex index) implements ImageNode {
    public IndexNode {
        Objects.requireNonNull(raw);
        Objects.requireNonNull(index);
    }

    @Override
    public Optional<RawDocument> document() {
        return Optional.of(raw);
    }
}
