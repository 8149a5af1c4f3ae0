/**
 * {@code docker save} archives, every variant: legacy (Docker up to 24), Docker 25+'s OCI layout
 * plus {@code manifest.json}, containerd and BuildKit exports, ggcr/kaniko/Jib tarballs,
 * pre-1.10 archives. The reader half is {@link dev.ociconv.converter.dockerarchive.DockerArchiveSource}
 * (with {@code TarStore} and its tar/spooled stores, {@code ManifestJsonReader},
 * {@code IndexJsonAgreement}, {@code LayerRefs}, {@code V1ArchiveReader}); the writer half is
 * {@link dev.ociconv.converter.dockerarchive.DockerArchiveSink} (with {@code LegacySaveWriter},
 * {@code Docker25SaveWriter}, {@code DirectSaveTar}, {@code GoTarWriter}).
 *
 * <p>May import {@code model}, {@code converter.io}, {@code converter.archive}; never {@code copy}, {@code transport} or {@code cli}.
 */
package dev.ociconv.converter.dockerarchive;
