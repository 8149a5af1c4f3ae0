package dev.ociconv.model.spec;

import dev.ociconv.model.json.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArchiveManifestEntryTest {
    @Test
    void readsDockerAndJibSpellings() throws Exception {
        String docker = "[{\"Config\":\"a.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l/layer.tar\"]}]";
        String jib = "[{\"config\":\"config.json\",\"repoTags\":[\"x:1\"],\"layers\":[\"l.tar.gz\"]}]";
        for (String text : List.of(docker, jib)) {
            ArchiveManifestEntry e = ArchiveManifestEntry.parseList(text.getBytes(), "manifest.json").get(0);
            assertEquals(List.of("x:1"), e.repoTags());
            assertEquals(1, e.layers().size());
        }
    }

    @Test
    void nullTagsAndLayersReadEmpty() throws Exception {
        ArchiveManifestEntry e = ArchiveManifestEntry.parseList(
                "[{\"Config\":\"a.json\",\"RepoTags\":null,\"Layers\":null}]".getBytes(), "manifest.json").get(0);
        assertEquals(List.of(), e.repoTags());
        assertEquals(List.of(), e.layers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "[1]", "[{}]", "[{\"Config\":\"a\",\"config\":\"b\"}]", "[{\"Config\":1}]",
            "[{\"Config\":\"a\",\"Config\":\"b\"}]", "[] []"})
    void rejects(String text) {
        assertThrows(InvalidDocumentException.class, () -> ArchiveManifestEntry.parseList(text.getBytes(), "manifest.json"));
    }
}
