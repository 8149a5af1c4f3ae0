/**
 * The copier: the one smart part of a copy. {@link dev.ociconv.converter.copy.ImageCopier} walks
 * what a source's entries resolve to (index, image, artifact), chooses platforms, decides layer
 * compression ({@code LayerTranscoder}), writes images ({@code ImageWriter}: layers, config,
 * manifest kept or authored) and artifacts ({@code ArtifactWriter}: verbatim), and hands the roots
 * and names to the sink.
 *
 * <p>Speaks only the SPI of {@code model.transport}; it must not import a transport's package
 * ({@code dockerarchive}, {@code ocilayout}, {@code transport}, {@code cli}) nor the registry
 * module: whether a blob is reused (already there, mounted) is the sink's answer to
 * {@code tryReuse}, asked through {@code BlobReuser}.
 */
package dev.ociconv.converter.copy;
