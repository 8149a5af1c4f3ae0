/**
 * {@code ociconv inspect}: what a source holds, read without reading a layer
 * ({@link dev.ociconv.converter.inspect.ImageInspector} builds an {@code InspectReport} of images,
 * platforms and artifacts; {@code InspectPrinter} prints it for people, Jackson for {@code --json}).
 *
 * <p>May import {@code model}; never a transport's package or {@code cli}.
 */
package dev.ociconv.converter.inspect;
