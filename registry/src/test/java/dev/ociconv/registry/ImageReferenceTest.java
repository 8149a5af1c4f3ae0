package dev.ociconv.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {
    private static final String D = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    @ParameterizedTest
    @CsvSource({
            // text, registry, api host, repository, manifest reference
            "busybox, docker.io, registry-1.docker.io, library/busybox, latest",
            "docker://busybox:1.36, docker.io, registry-1.docker.io, library/busybox, 1.36",
            "//index.docker.io/testuser/testimage:v1, docker.io, registry-1.docker.io, testuser/testimage, v1",
            "localhost:5000/a/b:t, localhost:5000, localhost:5000, a/b, t",
            "quay.io/x/y@" + D + ", quay.io, quay.io, x/y, " + D,
            "reg.example:443/x:t@" + D + ", reg.example:443, reg.example:443, x, " + D,
            "[::1]:5000/x:t, [::1]:5000, [::1]:5000, x, t",
    })
    void goodReferences(String text, String registry, String apiHost, String repository, String ref) {
        ImageReference r = ImageReference.parse(text);
        assertEquals(registry, r.registry());
        assertEquals(apiHost, r.apiHost());
        assertEquals(repository, r.repository());
        assertEquals(ref, r.manifestReference());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x/UPPER", "host:5000/x:bad tag", "x@sha256:123", "a//b", "x:", ":tag",
            "docker://", "x:" + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
            + "t123456789t123456789t123456789t123456789t123456789"})
    void badReferences(String text) {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"localhost:5000/x, true", "127.0.0.1:5000/x, true", "127.1.2.3/x, true", "[::1]:5000/x, true",
            "128.0.0.1/x, false", "quay.io/x, false", "localhost.example/x, false", "busybox, false"})
    void loopback(String text, boolean loopback) {
        assertEquals(loopback, ImageReference.parse(text).isLoopback());
    }

    @Test
    void endpointSchemes() {
        assertEquals(List.of("https"), RegistryEndpoint.forRegistry("quay.io", true).schemes());
        assertTrue(RegistryEndpoint.forRegistry("quay.io", true).verifyTls());
        assertEquals(List.of("https", "http"), RegistryEndpoint.forRegistry("localhost:5000", true).schemes());
        assertEquals(List.of("https", "http"), RegistryEndpoint.forRegistry("quay.io", false).schemes());
        assertTrue(RegistryEndpoint.forRegistry("127.0.0.1:5000", true).verifyTls());
        assertFalse(RegistryEndpoint.forRegistry("127.0.0.1:5000", false).verifyTls());
        assertEquals("registry-1.docker.io", RegistryEndpoint.forRegistry("docker.io", true).hostPort());
    }

    @Test
    void withReferenceAndDescription() {
        ImageReference r = ImageReference.parse("localhost:5000/a:t");
        assertEquals(D, r.withReference(D).manifestReference());
        assertEquals("v2", r.withReference("v2").tag());
        assertEquals("docker://localhost:5000/a:t", r.description());
    }
}
