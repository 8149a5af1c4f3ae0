package dev.ociconv.converter.dockerarchive;

import java.io.IOException;

/**
 * A tar without {@code manifest.json}: not a {@code docker save} archive. Says what it looks like
 * instead, so a caller that detects formats can hand an OCI archive to the OCI reader without
 * reading it twice first.
 */
public class NotADockerArchiveException extends IOException {
    private final ArchiveProbe.Format looksLike;

    public NotADockerArchiveException(String message, ArchiveProbe.Format looksLike) {
        super(message);
        this.looksLike = looksLike;
    }

    public ArchiveProbe.Format looksLike() {
        return looksLike;
    }
}
