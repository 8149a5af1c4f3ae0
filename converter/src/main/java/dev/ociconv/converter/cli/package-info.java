/**
 * The command line: picocli commands, thin over the library ({@code dev.ociconv.converter.Ociconv},
 * the copier, the inspector, the unpacker). Options are parsed here; no image logic lives here.
 * Expected failures become one line and an exit status in {@code ErrorHandler} (usage 2, else 1).
 */
package dev.ociconv.converter.cli;
