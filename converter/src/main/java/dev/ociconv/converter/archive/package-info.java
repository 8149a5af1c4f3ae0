/**
 * The one tar store: what every archive reader of the converter sees of a tar — docker archives,
 * OCI archives and {@code validate}/{@code explain}. {@link dev.ociconv.converter.archive.TarIndex}
 * records headers under one name normaliser ({@code io.EntryNames}) and one policy
 * ({@link dev.ociconv.converter.archive.TarPolicy}: limits, strict or reporting, links followed
 * or refused, at most {@value dev.ociconv.converter.archive.TarIndex#MAX_LINK_HOPS} hops);
 * {@link dev.ociconv.converter.archive.TarStore} adds the data, read in place from an
 * uncompressed file ({@link dev.ociconv.converter.archive.RandomAccessTarStore}) or in one pass
 * with small entries in memory and the rest spooled ({@link dev.ociconv.converter.archive.SpooledTarStore}).
 *
 * <p>What the entries mean (manifest.json, index.json, blobs) is the formats' business, never this
 * package's. May import {@code model} and {@code converter.io} only.
 */
package dev.ociconv.converter.archive;
