package dev.ociconv.model.content;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A JSON document (manifest, index, config) as its exact bytes, with its media type and the
 * digest of those bytes, computed once here. The bytes are the truth: we never re-serialise a
 * document we did not author.
 */
public record RawDocument(byte[] bytes, MediaType mediaType, Digest digest) {

    public RawDocument {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
    }

    /** Wraps bytes, digesting them with sha256. */
    public static RawDocument of(byte[] bytes, MediaType mediaType) {
        return new RawDocument(bytes.clone(), mediaType, Digest.sha256(bytes));
    }

    /** Wraps bytes that must have {@code expected} as digest (its algorithm is used). */
    public static RawDocument verified(byte[] bytes, MediaType mediaType, Digest expected, String what)
            throws dev.ociconv.model.digest.DigestMismatchException {
        Digest actual = Digest.of(expected.algorithm(), expected.newMessageDigest().digest(bytes));
        if (!actual.equals(expected)) {
            throw new dev.ociconv.model.digest.DigestMismatchException(
                    what + ": digest " + actual + ", expected " + expected);
        }
        return new RawDocument(bytes.clone(), mediaType, actual);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawDocument r && r.digest.equals(digest) && r.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "RawDocument[" + mediaType + " " + digest + " " + bytes.length + " bytes]";
    }
}
