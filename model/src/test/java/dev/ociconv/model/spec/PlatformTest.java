package dev.ociconv.model.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {
    @Test
    void matchesOsArchAndVariant() {
        assertTrue(Platform.parse("linux/amd64").matches(new Platform("linux", "amd64", null)));
        assertTrue(Platform.parse("linux/arm64").matches(new Platform("linux", "arm64", "v8")));
        assertTrue(Platform.parse("linux/arm64/v8").matches(new Platform("linux", "arm64", null)));
        assertFalse(Platform.parse("linux/arm/v7").matches(new Platform("linux", "arm", "v6")));
        assertFalse(Platform.parse("linux/amd64").matches(new Platform("windows", "amd64", null)));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux//"));
    }
}
