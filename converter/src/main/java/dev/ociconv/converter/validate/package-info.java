/**
 * {@code ociconv validate}: checks archives and layouts below the transport SPI (raw entries
 * read once by {@link dev.ociconv.converter.validate.ArchiveCatalog}, names and links judged by the
 * one tar store's {@code archive.TarIndex} as the sources judge them), so it can report what a
 * source would reject early, and every problem, not the first.
 */
package dev.ociconv.converter.validate;
