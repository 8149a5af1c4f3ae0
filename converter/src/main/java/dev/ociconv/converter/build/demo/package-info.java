/**
 * {@code ociconv demo}: the {@code docker save} walk-through re-enacted with the library
 * ({@link dev.ociconv.converter.build.demo.Walkthrough}), a {@code tree}-style printer for
 * archives and layouts, and the story of why a layer's directory name changes between images.
 */
package dev.ociconv.converter.build.demo;
