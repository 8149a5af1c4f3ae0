package dev.ociconv.model.digest;

/** A string that is not a digest we accept. Unchecked: it is a validation failure of input data. */
public class InvalidDigestException extends IllegalArgumentException {
    public InvalidDigestException(String message) {
        super(message);
    }
}
