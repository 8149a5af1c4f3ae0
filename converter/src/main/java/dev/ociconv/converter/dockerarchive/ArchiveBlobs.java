package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content-addressed access to an archive: {@code blobs/<alg>/<hex>} entries of an OCI layout
 * part, plus files of a legacy archive whose digest we learnt (configs by their bytes, plain
 * layers by their diffID). Every read is verified against the digest asked for.
 */
final class ArchiveBlobs {
    private final TarStore contents;
    private final Map<Digest, String> learnt = new ConcurrentHashMap<>();
    /** Blobs made while reading, not in the archive (a pre-1.10 archive's rebuilt configs). */
    private final Map<Digest, byte[]> made = new ConcurrentHashMap<>();

    ArchiveBlobs(TarStore contents) {
        this.contents = contents;
    }

    static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    /** The digest a file name promises: {@code blobs/sha256/<hex>}, {@code <hex>.json}, {@code sha256:<hex>}; else empty. */
    static Optional<Digest> digestFromName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        String candidate = null;
        if (path.startsWith("blobs/") && path.indexOf('/', 6) > 0) {
            candidate = path.substring(6, path.indexOf('/', 6)) + ":" + base;
        } else if (base.startsWith("sha256:")) {
            candidate = base;
        } else if (base.endsWith(".json") && base.length() == 64 + 5) {
            candidate = "sha256:" + base.substring(0, 64);
        }
        return candidate != null && Digest.isValid(candidate) ? Optional.of(Digest.parse(candidate)) : Optional.empty();
    }

    /** Remembers that {@code path} holds the blob {@code digest} (it is still verified on every read). */
    void learn(Digest digest, String path) {
        learnt.putIfAbsent(digest, path);
    }

    /** Serves {@code bytes} as the blob {@code digest} (small documents the reader made). */
    void remember(Digest digest, byte[] bytes) {
        made.putIfAbsent(digest, bytes.clone());
    }

    /** Where the blob is, if the archive holds it. */
    Optional<String> find(Digest digest) throws IOException {
        if (made.containsKey(digest)) {
            return Optional.of("(made) " + digest); // never a path of the archive: open() serves it
        }
        String path = blobPath(digest);
        if (contents.findFile(path).isPresent()) {
            return Optional.of(path);
        }
        return Optional.ofNullable(learnt.get(digest));
    }

    /** The blob's bytes as a stream verified against digest and size. */
    InputStream open(Descriptor d, String what) throws IOException {
        byte[] own = made.get(d.digest());
        if (own != null) {
            return new VerifyingInputStream(new java.io.ByteArrayInputStream(own), d.digest(), d.size(),
                    contents.archive() + ": " + what + " " + d.digest());
        }
        String path = find(d.digest()).orElseThrow(() -> missing(d, what));
        return new VerifyingInputStream(contents.open(path, what), d.digest(), d.size(),
                contents.archive() + ": " + what + " " + d.digest());
    }

    /** A small JSON blob, read under a cap and verified. */
    RawDocument readDocument(Descriptor d, long limit, String what) throws IOException {
        byte[] own = made.get(d.digest());
        if (own != null) {
            return RawDocument.verified(own.clone(), d.mediaType(), d.digest(), contents.archive() + ": " + what);
        }
        String path = find(d.digest()).orElseThrow(() -> missing(d, what));
        byte[] bytes = contents.readSmall(path, limit, what);
        if (bytes.length != d.size()) {
            throw new IOException(contents.archive() + ": " + what + " " + d.digest() + ": size " + bytes.length
                    + " bytes, expected " + d.size());
        }
        return RawDocument.verified(bytes, d.mediaType(), d.digest(), contents.archive() + ": " + what + " " + path);
    }

    /** The archive does not hold the blob: a {@link BlobNotFoundException}, so a copier may fall back. */
    BlobNotFoundException missing(Descriptor d, String what) {
        String platform = d.platform() == null ? "" : " for " + d.platform();
        return new BlobNotFoundException(contents.archive() + ": " + what + " " + d.digest() + platform + " is not in the archive");
    }
}
