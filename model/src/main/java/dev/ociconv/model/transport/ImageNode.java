package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;

/**
 * What a descriptor resolves to in a source: an index (whose children resolve further) or one
 * image. Sources build nodes; only the copier decides what to do with them.
 */
public sealed interface ImageNode permits IndexNode, ManifestNode {
    /** The exact bytes of the manifest or index, when the source holds one. */
    java.util.Optional<RawDocument> document();
}
