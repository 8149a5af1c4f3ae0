package dev.ociconv.model.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageNameTest {
    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest, busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
            "testuser/testimage:v1, docker.io/testuser/testimage:v1, testuser/testimage:v1",
            "docker.io/library/alpine:3.20, docker.io/library/alpine:3.20, alpine:3.20",
            "index.docker.io/library/alpine, docker.io/library/alpine:latest, alpine:latest",
            "localhost:5000/a/b:c, localhost:5000/a/b:c, localhost:5000/a/b:c",
            "localhost/x, localhost/x:latest, localhost/x:latest",
            "quay.io/podman/hello:latest, quay.io/podman/hello:latest, quay.io/podman/hello:latest",
            "127.0.0.1:5000/t:v2, 127.0.0.1:5000/t:v2, 127.0.0.1:5000/t:v2"})
    void normalises(String text, String full, String familiar) {
        ImageName n = ImageName.parse(text);
        assertEquals(full, n.toString());
        assertEquals(familiar, n.familiar());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "upper/CASE", "UPPERCASE-IS-INVALID", "a:", "a:b:c", "a//b", "-a", "a/-b", "a:-tag", "a@sha256:123",
            "example.com:port/x", "a b"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> ImageName.parse(text));
    }
}
