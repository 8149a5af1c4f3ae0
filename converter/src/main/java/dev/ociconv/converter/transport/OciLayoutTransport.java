package dev.ociconv.converter.transport;

import dev.ociconv.converter.ocilayout.OciLayoutSink;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.nio.file.Path;

/** {@code oci:DIR[:REF]} (an OCI image layout directory) and {@code oci-archive:PATH[:REF]} (one in a tar). */
public final class OciLayoutTransport implements Transport {
    public static final OciLayoutTransport DIRECTORY = new OciLayoutTransport(false);
    public static final OciLayoutTransport ARCHIVE = new OciLayoutTransport(true);

    private final boolean archive;

    private OciLayoutTransport(boolean archive) {
        this.archive = archive;
    }

    @Override
    public String name() {
        return archive ? "oci-archive" : "oci";
    }

    @Override
    public String syntax() {
        return archive ? "oci-archive:PATH[:REF]" : "oci:DIR[:REF]";
    }

    @Override
    public String summary() {
        return archive ? "an OCI image layout in a tar" : "an OCI image layout directory";
    }

    /** {@code oci:DIR:v1} names the tag v1 (index.json's ref name), as skopeo and containerd read it. */
    @Override
    public boolean referenceIsTag() {
        return true;
    }

    @Override
    public ImageSource openSource(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        return archive
                ? OciLayoutSource.openArchive(Transports.existingFile(ref), ctx.tempDir(), ctx.limits())
                : OciLayoutSource.openDirectory(Transports.existingDir(ref), ctx.limits());
    }

    @Override
    public ImageSink openSink(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        if (archive) {
            return OciLayoutSink.archive(Transports.archiveOutput(ref, ctx));
        }
        if (ref.location().equals("-")) {
            throw new IllegalArgumentException("oci:-: an OCI layout is a directory and cannot go to standard output;"
                    + " write oci-archive:- (a tar) instead");
        }
        return OciLayoutSink.directory(Path.of(ref.location()));
    }
}
