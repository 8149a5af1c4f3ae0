package dev.ociconv.model.json;

import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":0}";

    @ParameterizedTest
    @ValueSource(strings = {
            "null",
            "",
            "{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":" + CONFIG + "}",
            "{\"schemaVersion\":2,\"config\":" + CONFIG + "} trailing",
            "{\"schemaVersion\":2,\"config\":" + CONFIG + "}{}",
            "{\"schemaVersion\":1,\"config\":" + CONFIG + "}",
            "{\"schemaVersion\":2}",
            "[]",
            "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"manifests\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":" + CONFIG + "}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:../x\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":-1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}}"})
    void rejectsBadManifests(String text) {
        assertThrows(InvalidDocumentException.class,
                () -> ImageManifest.parse(text.getBytes(StandardCharsets.UTF_8), "manifest"));
    }

    @Test
    void acceptsGoodManifest() throws Exception {
        String text = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" + CONFIG
                + ",\"layers\":[],\"unknownField\":{\"x\":1}}";
        ImageManifest m = ImageManifest.parse(text.getBytes(StandardCharsets.UTF_8), "manifest");
        assertEquals(0, m.layers().size());
    }

    @Test
    void rejectsIndexWithLayersAndDeepNesting() {
        String ambiguous = "{\"schemaVersion\":2,\"manifests\":[],\"layers\":[]}";
        assertThrows(InvalidDocumentException.class, () -> ImageIndex.parse(ambiguous.getBytes(), "index"));
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> Json.parseTree(deep.getBytes(), "deep"));
        assertTrue(e.getMessage().startsWith("deep:"), e.getMessage());
    }

    @Test
    void indexWithNullManifestsReadsEmpty() throws Exception {
        ImageIndex idx = ImageIndex.parse("{\"schemaVersion\":2,\"manifests\":null}".getBytes(), "index.json");
        assertEquals(0, idx.manifests().size());
    }
}
