package dev.ociconv.converter.transport;

import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.dockerarchive.NotADockerArchiveException;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A plain path or {@code -}, as a source: its format is read from its content (a directory is
 * an OCI layout; a file is tried as a docker save archive, then as an OCI archive; standard
 * input is a docker save stream, as for docker load). Not a destination: the form must be said.
 */
public final class PathTransport implements Transport {
    public static final PathTransport DETECT = new PathTransport();

    private PathTransport() {
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public String prefix() {
        return "";
    }

    @Override
    public String syntax() {
        return "PATH";
    }

    @Override
    public String summary() {
        return "an archive or layout, its format read from its content";
    }

    @Override
    public Optional<String> formName() {
        return Optional.empty();
    }

    @Override
    public TransportRef parse(String rest) {
        return new TransportRef(this, rest, Optional.empty());
    }

    @Override
    public String format(TransportRef ref) {
        return ref.location();
    }

    @Override
    public ImageSource openSource(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        if (ref.isStdin()) {
            return DockerArchiveSource.open(ctx.stdin(), ctx.tempDir(), ctx.limits());
        }
        Path p = Path.of(ref.location());
        if (Files.isDirectory(p)) {
            return OciLayoutSource.openDirectory(p, ctx.limits());
        }
        Path file = Transports.existingFile(ref);
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

    @Override
    public ImageSink openSink(TransportRef ref, Transports.OpenContext ctx) {
        StringBuilder forms = new StringBuilder();
        for (Transport t : Transports.ALL) {
            if (t.formName().isPresent()) {
                forms.append(forms.length() == 0 ? "" : ", ").append(t.prefix()).append(ref.location());
            }
        }
        throw new IllegalArgumentException("say which form to write '" + ref.location() + "' in: " + forms);
    }
}
