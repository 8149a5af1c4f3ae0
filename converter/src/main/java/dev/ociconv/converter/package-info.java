/**
 * The converter module's entry point for programs: {@link dev.ociconv.converter.Ociconv} copies,
 * inspects and opens locations by their strings. Its packages: {@code transport} (locations),
 * {@code dockerarchive} and {@code ocilayout} (sources and sinks), {@code copy} (the copier),
 * {@code fs} (unpack and export), {@code build}, {@code inspect}, {@code validate},
 * {@code explain}, {@code io}, and {@code cli} on top. See docs/ARCHITECTURE.md.
 */
package dev.ociconv.converter;
