/**
 * Byte plumbing shared by the sources and sinks: atomic files and temp-file sweeping, archive
 * outputs (a file or standard output), compressors (parallel gzip, zstd), tar header scans,
 * one-line notices. Knows nothing of images.
 *
 * <p>May import {@code model.content}, {@code model.digest} and {@code model.media} only.
 */
package dev.ociconv.converter.io;
