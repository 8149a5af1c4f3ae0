package dev.ociconv.model.transport;

import dev.ociconv.model.content.RawDocument;

/**
 * What a descriptor resolves to in a source: an index (whose children resolve further), one
 * image (config with diff_ids and tar layers: runnable, convertible), or an artifact (any other
 * manifest: carried byte for byte). Every source builds nodes with {@link ManifestAssembler};
 * only the copier decides what to do with them.
 */
public sealed interface ImageNode permits IndexNode, ManifestNode, ArtifactNode {
    /** The exact bytes of the manifest or index, when the source holds one. */
    java.util.Optional<RawDocument> document();
}
