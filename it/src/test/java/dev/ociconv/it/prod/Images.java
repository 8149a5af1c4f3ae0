package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.testkit.RandomImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test images (docker save archives from the testkit's generator) and reading what a pull wrote. */
final class Images {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Images() {
    }

    /** A docker save archive of {@code layers} random layers (seeded, so reproducible). */
    static Path archive(Path dir, String name, int layers, long seed) throws IOException {
        Path file = dir.resolve(name + ".tar");
        new RandomImages(seed).write(file, RandomImages.Spec.of(layers));
        return file;
    }

    /** An archive whose last layer carries one file of {@code bigBytes} (to make blobs worth resuming). */
    static Path archiveWithBigFile(Path dir, String name, int layers, long bigBytes, long seed) throws IOException {
        Path file = dir.resolve(name + ".tar");
        new RandomImages(seed).write(file, RandomImages.Spec.of(layers).withBigFile(bigBytes));
        return file;
    }

    /** The manifest digest an OCI layout's index.json names first. */
    static String layoutManifestDigest(Path layout) throws IOException {
        JsonNode index = JSON.readTree(Files.readAllBytes(layout.resolve("index.json")));
        return index.path("manifests").path(0).path("digest").asText();
    }
}
