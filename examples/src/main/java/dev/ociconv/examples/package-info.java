/**
 * The README's library snippets as programs: {@link dev.ociconv.examples.BuildExample} and
 * {@link dev.ociconv.examples.LibraryExample} hold, between their {@code README} markers, the very
 * lines README.md shows (a test compares them), and the test runs them in a scratch directory
 * with only the converter artifact's dependencies on the class path.
 */
package dev.ociconv.examples;
