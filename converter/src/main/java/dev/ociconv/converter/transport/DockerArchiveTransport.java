package dev.ociconv.converter.transport;

import dev.ociconv.converter.dockerarchive.DockerArchiveSink;
import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;

/**
 * {@code docker-archive:PATH[:NAME:TAG|:@N]} (docker save's legacy form) and
 * {@code docker25:PATH[:NAME:TAG]} (Docker 25+'s form). Both read any docker save variant; they
 * differ in what they write.
 */
public final class DockerArchiveTransport implements Transport {
    public static final DockerArchiveTransport LEGACY = new DockerArchiveTransport(false);
    public static final DockerArchiveTransport DOCKER25 = new DockerArchiveTransport(true);

    private final boolean docker25;

    private DockerArchiveTransport(boolean docker25) {
        this.docker25 = docker25;
    }

    @Override
    public String name() {
        return docker25 ? "docker25" : "docker-archive";
    }

    @Override
    public String syntax() {
        return docker25 ? "docker25:PATH[:NAME:TAG]" : "docker-archive:PATH[:NAME:TAG|:@N]";
    }

    @Override
    public String summary() {
        return docker25 ? "a tarball in Docker 25+'s form" : "a docker save tarball (any compression, - for stdin)";
    }

    @Override
    public ImageSource openSource(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        return ref.location().equals("-")
                ? DockerArchiveSource.open(ctx.stdin(), ctx.tempDir(), ctx.limits())
                : DockerArchiveSource.open(Transports.existingFile(ref), ctx.tempDir(), ctx.limits());
    }

    @Override
    public ImageSink openSink(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        return docker25
                ? DockerArchiveSink.docker25(Transports.archiveOutput(ref, ctx), ctx.dockerArchive())
                : DockerArchiveSink.legacy(Transports.archiveOutput(ref, ctx), ctx.dockerArchive());
    }
}
