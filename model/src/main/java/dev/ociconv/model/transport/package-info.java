/**
 * The transport SPI: what every source and sink speaks. {@link dev.ociconv.model.transport.ImageSource}
 * finds and reads bytes, {@link dev.ociconv.model.transport.ImageSink} stores them, and the node
 * types ({@link dev.ociconv.model.transport.IndexNode}, {@link dev.ociconv.model.transport.ManifestNode},
 * {@link dev.ociconv.model.transport.ArtifactNode}) say what a descriptor leads to, built by the one
 * {@link dev.ociconv.model.transport.ManifestAssembler}.
 *
 * <p>May import {@code model.*} only; never the registry or converter modules.
 */
package dev.ociconv.model.transport;
