package dev.ociconv.converter.transport;

import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.dockerarchive.NotADockerArchiveException;
import dev.ociconv.converter.ocilayout.OciLayoutSink;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryOptions;
import dev.ociconv.registry.RegistrySink;
import dev.ociconv.registry.RegistrySource;
import dev.ociconv.registry.auth.CredentialStore;

import dev.ociconv.converter.io.ArchiveOutput;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns transport strings into sources and sinks. The only place that knows every transport. */
public final class Transports {
    private Transports() {
    }

    /** Opens a source; {@code stdin} serves {@code -}. */
    public static ImageSource openSource(TransportRef ref, OpenContext ctx) throws IOException {
        Limits limits = ctx.limits();
        return switch (ref.kind()) {
            case DOCKER_ARCHIVE, DOCKER25_ARCHIVE -> ref.location().equals("-")
                    ? DockerArchiveSource.open(ctx.stdin(), ctx.tempDir(), limits)
                    : DockerArchiveSource.open(existingFile(ref), ctx.tempDir(), limits);
            case OCI -> OciLayoutSource.openDirectory(existingDir(ref), limits);
            case OCI_ARCHIVE -> OciLayoutSource.openArchive(existingFile(ref), ctx.tempDir(), limits);
            case REGISTRY -> RegistrySource.open(ImageReference.parse(ref.location()), ctx.registry());
            case DETECT -> detect(ref, ctx);
        };
    }

    private static ImageSource detect(TransportRef ref, OpenContext ctx) throws IOException {
        if (ref.isStdin()) {
            // Like docker load: standard input is a docker save stream.
            return DockerArchiveSource.open(ctx.stdin(), ctx.tempDir(), ctx.limits());
        }
        Path p = Path.of(ref.location());
        if (Files.isDirectory(p)) {
            return OciLayoutSource.openDirectory(p, ctx.limits());
        }
        Path file = existingFile(ref);
        // Every docker save variant has manifest.json; try that reader first, so a compressed
        // archive is decompressed once. Only a pure OCI archive is read again, by the OCI reader.
        try {
            return DockerArchiveSource.open(file, ctx.tempDir(), ctx.limits());
        } catch (NotADockerArchiveException e) {
            return switch (e.looksLike()) {
                case OCI_ARCHIVE -> OciLayoutSource.openArchive(file, ctx.tempDir(), ctx.limits());
                case DOCKER_V1_ARCHIVE -> throw e;
                case DOCKER_ARCHIVE, UNKNOWN -> throw new IOException(ref.location()
                        + ": not an image archive (no manifest.json, index.json or oci-layout in it)", e);
            };
        }
    }

    /**
     * Opens a sink; nothing appears at the target until the sink commits. What is at the target
     * already is checked now, before any work ({@link ArchiveOutput}, {@link OciLayoutSink#directory}).
     */
    public static ImageSink openSink(TransportRef ref, OpenContext ctx) throws IOException {
        Path p = Path.of(ref.location());
        return switch (ref.kind()) {
            case OCI -> {
                if (ref.location().equals("-")) {
                    throw new IllegalArgumentException("oci:-: an OCI layout is a directory and cannot go to standard output;"
                            + " write oci-archive:- (a tar) instead");
                }
                yield OciLayoutSink.directory(p);
            }
            case OCI_ARCHIVE -> OciLayoutSink.archive(archiveOutput(ref, ctx));
            case DOCKER_ARCHIVE -> DockerArchiveSink.legacy(archiveOutput(ref, ctx), ctx.dockerArchive());
            case DOCKER25_ARCHIVE -> DockerArchiveSink.docker25(archiveOutput(ref, ctx), ctx.dockerArchive());
            case REGISTRY -> RegistrySink.open(ImageReference.parse(ref.location()), ctx.registry());
            case DETECT -> throw new IllegalArgumentException("say which form to write '" + ref.location()
                    + "' in: oci:" + ref.location() + ", oci-archive:" + ref.location() + " or docker-archive:" + ref.location());
        };
    }

    /** {@code -} is standard output; a path is checked for what is there ({@code --force}). */
    public static ArchiveOutput archiveOutput(TransportRef ref, OpenContext ctx) throws IOException {
        if (ref.location().equals("-")) {
            return ArchiveOutput.standardOutput(ctx.stdout(), ctx.tempDir());
        }
        return ArchiveOutput.file(Path.of(ref.location()), ctx.overwrite());
    }

    private static Path existingFile(TransportRef ref) throws IOException {
        Path p = Path.of(ref.location());
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(ref.location());
        }
        if (Files.isDirectory(p)) {
            throw new IOException(ref.location() + ": is a directory, expected an archive file (for a layout use oci:" + ref.location() + ")");
        }
        return p;
    }

    private static Path existingDir(TransportRef ref) throws IOException {
        Path p = Path.of(ref.location());
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(ref.location());
        }
        if (!Files.isDirectory(p)) {
            throw new java.nio.file.NotDirectoryException(ref.location());
        }
        return p;
    }

    /**
     * What opening needs besides the location.
     *
     * @param stdin         what {@code -} reads
     * @param stdout        where {@code -} writes (an archive, alone on it)
     * @param tempDir       where piped or compressed input, and archives for standard output, are staged
     * @param limits        caps on what is read into memory
     * @param registry      how to reach registries
     * @param overwrite     replace an existing archive file ({@code --force}); without it, one is refused
     * @param dockerArchive how a docker save archive is written (zone, time of saving, header style)
     */
    public record OpenContext(InputStream stdin, OutputStream stdout, Path tempDir, Limits limits, RegistryOptions registry,
                              boolean overwrite, DockerArchiveSink.Options dockerArchive) {
        public OpenContext {
            Objects.requireNonNull(stdin);
            Objects.requireNonNull(stdout);
            Objects.requireNonNull(tempDir);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(registry);
            Objects.requireNonNull(dockerArchive);
        }

        /** Standard streams, no overwriting, default archive style. */
        public OpenContext(InputStream stdin, Path tempDir, Limits limits, RegistryOptions registry) {
            this(stdin, new FileOutputStream(FileDescriptor.out), tempDir, limits, registry, false,
                    DockerArchiveSink.Options.defaults());
        }

        /** Standard input and output, the system temp dir, default limits, registry credentials from the usual files. */
        public static OpenContext defaults() {
            return new OpenContext(System.in, Path.of(System.getProperty("java.io.tmpdir")), Limits.DEFAULT,
                    RegistryOptions.defaults().withCredentials(CredentialStore.standard(null, null)));
        }

        public OpenContext withRegistry(RegistryOptions options) {
            return new OpenContext(stdin, stdout, tempDir, limits, options, overwrite, dockerArchive);
        }

        public OpenContext withOverwrite(boolean replace) {
            return new OpenContext(stdin, stdout, tempDir, limits, registry, replace, dockerArchive);
        }

        public OpenContext withStandardStreams(InputStream in, OutputStream out) {
            return new OpenContext(in, out, tempDir, limits, registry, overwrite, dockerArchive);
        }

        public OpenContext withDockerArchive(DockerArchiveSink.Options options) {
            return new OpenContext(stdin, stdout, tempDir, limits, registry, overwrite, options);
        }
    }
}
