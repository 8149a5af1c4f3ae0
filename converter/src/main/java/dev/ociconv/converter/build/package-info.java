/**
 * Building images without a daemon: {@link dev.ociconv.converter.build.ImageBuilder} turns a
 * {@link dev.ociconv.converter.build.BuildSpec} ({@code FROM} scratch or a base, one layer per
 * {@link dev.ociconv.converter.build.AddSpec}) into a {@link dev.ociconv.converter.build.BuiltImage},
 * an {@code ImageSource} the copier writes to any destination. Layers and config are
 * reproducible; with a fixed time so is a whole {@code docker save} archive.
 */
package dev.ociconv.converter.build;
