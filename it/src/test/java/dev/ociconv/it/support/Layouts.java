package dev.ociconv.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.model.digest.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an OCI image layout directory with plain Jackson (no ociconv reader: tests check ociconv). */
public final class Layouts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Layouts() {
    }

    public static JsonNode index(Path layout) throws IOException {
        return JSON.readTree(Files.readAllBytes(layout.resolve("index.json")));
    }

    /** The digest of the only entry of {@code index.json}. */
    public static Digest onlyRoot(Path layout) throws IOException {
        JsonNode manifests = index(layout).get("manifests");
        if (manifests == null || manifests.size() != 1) {
            throw new AssertionError(layout + ": expected one entry in index.json, found " + manifests);
        }
        return Digest.parse(manifests.get(0).get("digest").asText());
    }

    public static Path blobPath(Path layout, Digest digest) {
        return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public static byte[] blob(Path layout, Digest digest) throws IOException {
        return Files.readAllBytes(blobPath(layout, digest));
    }

    public static JsonNode json(Path layout, Digest digest) throws IOException {
        return JSON.readTree(blob(layout, digest));
    }
}
