package dev.ociconv.model.json;

import java.io.IOException;

/** A JSON document that is malformed or does not say what the spec requires. */
public class InvalidDocumentException extends IOException {
    public InvalidDocumentException(String message) {
        super(message);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
