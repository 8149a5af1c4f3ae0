/**
 * {@code ociconv validate}: checks archives and layouts below the transport SPI (raw entries
 * read once by {@link dev.ociconv.converter.validate.ArchiveCatalog}), so it can report what a
 * source would reject early, and every problem, not the first.
 */
package dev.ociconv.converter.validate;
