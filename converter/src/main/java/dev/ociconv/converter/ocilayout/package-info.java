/**
 * OCI image layouts, as a directory or a tar: {@link dev.ociconv.converter.ocilayout.OciLayoutSource}
 * (blobs read through a {@code LayoutStore}, manifests assembled by the model's
 * {@code ManifestAssembler}) and {@link dev.ociconv.converter.ocilayout.OciLayoutSink} (staged
 * blobs, an {@code index.json} merged under a lock at commit, atomic rename or one tar).
 *
 * <p>May import {@code model}, {@code converter.io}, {@code converter.archive}; never {@code copy}, {@code transport} or {@code cli}.
 */
package dev.ociconv.converter.ocilayout;
