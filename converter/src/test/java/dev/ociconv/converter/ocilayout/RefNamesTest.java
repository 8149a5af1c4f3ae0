package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.0", "UPPERCASE-IS-INVALID", "example.com/empty:latest", "a--b", "a+b@c",
            "pretty-empty:latest", "1", "a/b/c", "x_y"})
    void validRefNames(String name) {
        assertTrue(RefNames.isValidRefName(name), name);
        assertTrue(OciLayoutSource.isValidRefName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "a//b", "/a", "a/", "a b", "a---b", "a..b", "a:", "ü", "a\nb"})
    void invalidRefNames(String name) {
        assertFalse(RefNames.isValidRefName(name), name);
    }

    @Test
    void nullIsInvalid() {
        assertFalse(RefNames.isValidRefName(null));
    }

    private static final Descriptor D = new Descriptor(MediaType.OCI_MANIFEST,
            Digest.sha256(new byte[0]), 0);

    @Test
    void containerdNameWinsOverRefName() {
        assertEquals(List.of("docker.io/library/a:1"), RefNames.namesOf(D.withAnnotations(
                Map.of(Annotations.REF_NAME, "1", Annotations.CONTAINERD_IMAGE_NAME, "docker.io/library/a:1"))));
        assertEquals(List.of("1"), RefNames.namesOf(D.withAnnotations(Map.of(Annotations.REF_NAME, "1"))));
        assertEquals(List.of(), RefNames.namesOf(D));
    }

    @ParameterizedTest
    @CsvSource({"busybox:1.36,1.36,docker.io/library/busybox:1.36",
            "localhost:5000/a/b:v2,v2,localhost:5000/a/b:v2",
            "plain,plain,",
            "UPPERCASE-IS-INVALID,UPPERCASE-IS-INVALID,",
            "busybox,busybox,"})
    void namesBecomeAnnotations(String name, String refName, String full) {
        Map<String, String> a = IndexEntries.nameAnnotations(name);
        assertEquals(refName, a.get(Annotations.REF_NAME));
        assertEquals(full, a.get(Annotations.CONTAINERD_IMAGE_NAME));
    }
}
