package dev.ociconv.model.transport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes of a blob, pushed into a sink's stream. Push style lets the copier stack
 * decompressors, compressors and digesters between source and sink in one pass. Content is
 * one-shot: a sink may call {@link #writeTo} once.
 */
@FunctionalInterface
public interface BlobContent {
    void writeTo(OutputStream out) throws IOException;
}
