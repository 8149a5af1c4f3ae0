package dev.ociconv.converter.copy;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.registry.RegistryException;
import dev.ociconv.registry.RegistrySink;
import dev.ociconv.registry.RegistrySource;

import java.io.IOException;

/**
 * Registry to registry within one registry: the blob is mounted from the source repository
 * instead of downloaded and uploaded again (DESIGN.md, "archive / layout → registry"). Only blobs
 * copied as they are qualify; a transcoded layer is a new blob.
 */
final class CrossRepositoryMount {
    private final RegistrySource from;
    private final RegistrySink to;

    private CrossRepositoryMount(RegistrySource from, RegistrySink to) {
        this.from = from;
        this.to = to;
    }

    /** A mount for this pair, or null when source and sink are not two repositories of one registry. */
    static CrossRepositoryMount between(ImageSource source, ImageSink sink) {
        if (source instanceof RegistrySource s && sink instanceof RegistrySink k
                && s.reference().registry().equals(k.reference().registry())
                && !s.reference().repository().equals(k.reference().repository())) {
            return new CrossRepositoryMount(s, k);
        }
        return null;
    }

    /** The source repository, for progress lines. */
    String fromRepository() {
        return from.reference().repository();
    }

    /**
     * True when the registry mounted the blob. A registry that refuses (202: upload instead) or
     * answers with an error (e.g. no pull right on the source for these credentials) gets an upload.
     */
    boolean tryMount(Digest digest) throws IOException {
        try {
            return to.mountFrom(digest, from.reference().repository());
        } catch (RegistryException refused) {
            return false;
        }
    }
}
