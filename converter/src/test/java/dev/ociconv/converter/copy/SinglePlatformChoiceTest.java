package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --platform} on a source that holds a single-platform image: matching copies, another platform fails. */
class SinglePlatformChoiceTest {

    @Test
    void otherPlatformIsAClearErrorAndNothingIsCommitted() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("a:1"), List.of(new byte[] {7}), false);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        IOException e = assertThrows(IOException.class, () -> new ImageCopier().copy(src, sink,
                CopyOptions.defaults().withPlatforms(PlatformChoice.one(Platform.parse("linux/arm64")))));
        assertTrue(e.getMessage().contains("no image for platform linux/arm64"), e.getMessage());
        assertTrue(e.getMessage().contains("is linux/amd64"), e.getMessage());
        assertFalse(sink.committed);
    }

    @Test
    void matchingPlatformCopies() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("a:1"), List.of(new byte[] {7}), false);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults().withPlatforms(PlatformChoice.one(Platform.parse("linux/amd64"))));
        assertTrue(sink.committed);
    }
}
