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

    /** At the descriptor cap a manifest and an index read; one more is refused by name, before any descriptor object exists. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} descriptors")
    @org.junit.jupiter.params.provider.ValueSource(ints = {dev.ociconv.model.content.Limits.MAX_DESCRIPTORS,
            dev.ociconv.model.content.Limits.MAX_DESCRIPTORS + 1})
    void descriptorListsAreCapped(int n) throws Exception {
        String d = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:" + "a".repeat(64)
                + "\",\"size\":1}";
        String list = String.join(",", java.util.Collections.nCopies(n, d));
        byte[] manifest = ("{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + list + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] index = ("{\"schemaVersion\":2,\"manifests\":[" + list.replace("layer.v1.tar", "manifest.v1+json") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        if (n <= dev.ociconv.model.content.Limits.MAX_DESCRIPTORS) {
            assertEquals(n, ImageManifest.parse(manifest, "m").layers().size());
            assertEquals(n, ImageIndex.parse(index, "i").manifests().size());
        } else {
            assertEquals("m: 30001 layers, more than the limit of 30000",
                    assertThrows(InvalidDocumentException.class, () -> ImageManifest.parse(manifest, "m")).getMessage());
            assertEquals("i: 30001 index entries, more than the limit of 30000",
                    assertThrows(InvalidDocumentException.class, () -> ImageIndex.parse(index, "i")).getMessage());
        }
    }
}
