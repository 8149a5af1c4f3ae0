package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.digest.Digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a sequence of save-tree entries wrote, in 32 bytes: a SHA-256 over each entry's fields,
 * each length-prefixed so that no two sequences share an encoding. Two fingerprints are equal
 * when the same entries were added in the same order (equal fields, byte for byte).
 */
final class EntryFingerprint {
    private final MessageDigest sha256;
    private int count;

    EntryFingerprint() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    void add(SaveTreeWriter.Entry e) {
        text(e.name());
        sha256.update((byte) e.kind().ordinal());
        bytes(e.bytes());
        Digest blob = e.blob();
        text(blob == null ? null : blob.toString());
        sha256.update(ByteBuffer.allocate(16).putLong(e.size()).putLong(e.mtime()).array());
        text(e.target());
        count++;
    }

    int count() {
        return count;
    }

    private void text(String s) {
        bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        sha256.update(ByteBuffer.allocate(4).putInt(b == null ? -1 : b.length).array());
        if (b != null) {
            sha256.update(b);
        }
    }

    private byte[] value() {
        try {
            return ((MessageDigest) sha256.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests clone", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryFingerprint f && f.count == count && Arrays.equals(f.value(), value());
    }

    @Override
    public int hashCode() {
        return count;
    }
}
