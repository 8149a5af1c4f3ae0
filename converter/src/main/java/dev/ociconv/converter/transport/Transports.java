package dev.ociconv.converter.transport;

import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.registry.RegistryOptions;
import dev.ociconv.registry.auth.CredentialStore;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The one list of transports, and what goes through it: parsing a location's prefix, opening
 * sources and sinks, the names {@code --to} takes and the help texts. Each transport is one
 * {@link Transport}; adding one is its class and one line in {@link #ALL}.
 */
public final class Transports {
    /** Every transport a location may name, in the order help texts list them. */
    public static final List<Transport> ALL = List.of(
            DockerArchiveTransport.LEGACY,
            DockerArchiveTransport.DOCKER25,
            OciLayoutTransport.DIRECTORY,
            OciLayoutTransport.ARCHIVE,
            RegistryTransport.INSTANCE);

    private Transports() {
    }

    /** Opens a source; {@code stdin} serves {@code -}. */
    public static ImageSource openSource(TransportRef ref, OpenContext ctx) throws IOException {
        return ref.transport().openSource(ref, ctx);
    }

    /**
     * Opens a sink; nothing appears at the target until the sink commits. What is at the target
     * already is checked now, before any work ({@link ArchiveOutput}, {@code OciLayoutSink.directory}).
     */
    public static ImageSink openSink(TransportRef ref, OpenContext ctx) throws IOException {
        return ref.transport().openSink(ref, ctx);
    }

    /** The transport a {@code --to} option names: oci, oci-archive, docker-archive, docker25. */
    public static Transport outputForm(String name) {
        String wanted = name.toLowerCase(java.util.Locale.ROOT);
        List<String> forms = new java.util.ArrayList<>();
        for (Transport t : ALL) {
            if (t.formName().isPresent()) {
                if (t.formName().get().equals(wanted)) {
                    return t;
                }
                forms.add(t.formName().get());
            }
        }
        throw new IllegalArgumentException("unknown --to '" + name + "': expected " + String.join(", ", forms));
    }

    /** The prefixes as users type them, for messages: {@code docker-archive:, docker25:, …, docker://}. */
    public static List<String> prefixes() {
        return ALL.stream().map(Transport::prefix).toList();
    }

    /** One line per transport and one for a plain path, aligned, for the main help. */
    public static List<String> helpLines() {
        List<Transport> all = java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(PathTransport.DETECT)).toList();
        int width = all.stream().mapToInt(t -> t.syntax().length()).max().orElse(0);
        return all.stream().map(t -> "  " + t.syntax() + " ".repeat(width - t.syntax().length() + 2) + t.summary()).toList();
    }

    /** {@code -} is standard output; a path is checked for what is there ({@code --force}). */
    static ArchiveOutput archiveOutput(TransportRef ref, OpenContext ctx) throws IOException {
        if (ref.location().equals("-")) {
            return ArchiveOutput.standardOutput(ctx.stdout(), ctx.tempDir());
        }
        return ArchiveOutput.file(Path.of(ref.location()), ctx.overwrite());
    }

    static Path existingFile(TransportRef ref) throws IOException {
        Path p = Path.of(ref.location());
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(ref.location());
        }
        if (Files.isDirectory(p)) {
            throw new IOException(ref.location() + ": is a directory, expected an archive file (for a layout use oci:" + ref.location() + ")");
        }
        return p;
    }

    static Path existingDir(TransportRef ref) throws IOException {
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
