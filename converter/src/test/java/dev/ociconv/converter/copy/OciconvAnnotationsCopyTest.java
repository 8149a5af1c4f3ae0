package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ociconv's own annotations on a source entry's root (what a docker save reader knows about how
 * the archive was saved) reach the sink: in the OCI manifest the copier authors, or on the root
 * given to addImage when the authored manifest is Docker schema2 (which has no annotations).
 * Foreign annotations on a config root are not copied into the manifest.
 */
class OciconvAnnotationsCopyTest {
    private static final Map<String, String> ROOT = Map.of(
            "dev.ociconv.docker.save.timezone", "+01:00",
            "dev.ociconv.docker.save.parent", "sha256:" + "a".repeat(64),
            "org.example.other", "not ours");

    private static MemoryImages.Source legacySourceWithRootAnnotations() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("a:1"), List.of(new byte[] {1, 2, 3}), false);
        SourceEntry e = src.entries.remove(0);
        src.entries.add(new SourceEntry(e.names(), e.root().withAnnotations(ROOT), 0));
        return src;
    }

    @Test
    void ociconvAnnotationsNeverEnterAnAuthoredManifestAndTravelWithTheRoot() throws Exception {
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(legacySourceWithRootAnnotations(), sink, CopyOptions.defaults());
        ImageManifest m = ImageManifest.parse(sink.manifests.values().iterator().next().bytes(), "m");
        // A manifest may be pushed: its digest must be the one any tool gives the image.
        assertTrue(m.annotations().keySet().stream().noneMatch(k -> k.startsWith("dev.ociconv.")), m.annotations().toString());
        assertNull(m.annotations().get("org.example.other"));
        Descriptor added = sink.images.keySet().iterator().next();
        assertEquals("+01:00", added.annotations().get("dev.ociconv.docker.save.timezone"), "kept in the layout's index.json");
        assertEquals("sha256:" + "a".repeat(64), added.annotations().get("dev.ociconv.docker.save.parent"));
    }

    @Test
    void authoredDockerManifestLeavesThemOnTheRootGivenToTheSink() throws Exception {
        MemoryImages.Sink sink = MemoryImages.Sink.dockerArchive();
        new ImageCopier().copy(legacySourceWithRootAnnotations(), sink, CopyOptions.defaults());
        ImageManifest m = ImageManifest.parse(sink.manifests.values().iterator().next().bytes(), "m");
        assertEquals(Map.of(), m.annotations());
        Descriptor added = sink.images.keySet().iterator().next();
        assertEquals("+01:00", added.annotation("dev.ociconv.docker.save.timezone"));
        assertNull(added.annotation("org.example.other"));
    }
}
