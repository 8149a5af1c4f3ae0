package dev.ociconv.model.transport;

import java.io.IOException;

/**
 * A source does not hold a blob or document it was asked for (a sparse multi-platform export,
 * a foreign layer left out, a registry's BLOB_UNKNOWN). Distinct from corrupt content, so a
 * copier may fall back (e.g. to the one platform that is present) without hiding real errors.
 */
public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String message) {
        super(message);
    }
}
