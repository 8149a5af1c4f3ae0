/**
 * {@code ociconv mirror}: many images, with what refers to them, carried across an air gap as one
 * deduplicated bundle (an OCI layout, or an archive of one).
 *
 * <ul>
 *   <li>{@link ImageList} reads the list the user gives (ociconv's YAML or skopeo sync's), with the
 *       line of every entry, and {@link TagExpansion} turns it into concrete images (tag lists
 *       expanded) before anything is downloaded.</li>
 *   <li>{@link BundleWriter} copies them into a staging layout kept beside the target, so a
 *       re-run resumes where a failed or killed one stopped, and publishes the bundle (directory,
 *       archive, split archive, Docker 25 archive) with its inventory ({@link MirrorInventory},
 *       {@code mirror.json}) only when it is complete.</li>
 *   <li>{@link BundleVerifier} checks a bundle offline; {@link BundlePusher} pushes it into a
 *       registry under a prefix; {@link RegistryInventory} describes what a registry already holds,
 *       for differential bundles.</li>
 * </ul>
 * Copying itself is {@code converter.copy}'s; this package only says which images, where, and
 * when the result counts. It opens sources and sinks through {@code converter.transport}.
 */
package dev.ociconv.converter.mirror;
