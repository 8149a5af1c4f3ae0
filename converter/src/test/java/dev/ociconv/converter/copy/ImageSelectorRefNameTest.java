package dev.ociconv.converter.copy;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An OCI layout's ref.name selects its entry (as {@code oci:DIR:REF} does in skopeo) when no full name matches. */
class ImageSelectorRefNameTest {
    private static SourceEntry entry(int n, String full, String ref) {
        Descriptor d = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(new byte[] {(byte) n}), 10)
                .withAnnotations(Map.of("io.containerd.image.name", full, "org.opencontainers.image.ref.name", ref));
        return new SourceEntry(List.of(full), d, n);
    }

    private final List<SourceEntry> entries = List.of(
            entry(0, "docker.io/library/a:latest", "latest"),
            entry(1, "docker.io/bazel/img:test_image_1", "test_image_1"),
            entry(2, "docker.io/library/b:latest", "latest"));

    @Test
    void refNameSelects() throws IOException {
        assertEquals(1, ImageSelector.select(entries, Optional.of("test_image_1"), "src").get(0).position());
    }

    @Test
    void fullNameWinsAndAmbiguousRefNameIsAnError() throws IOException {
        assertEquals(2, ImageSelector.select(entries, Optional.of("b:latest"), "src").get(0).position());
        IOException e = assertThrows(IOException.class, () -> ImageSelector.select(entries, Optional.of("latest"), "src"));
        assertTrue(e.getMessage().contains("names 2 different images"), e.getMessage());
    }
}
