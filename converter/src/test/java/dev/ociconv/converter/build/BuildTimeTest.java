package dev.ociconv.converter.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BuildTimeTest {
    @ParameterizedTest
    @CsvSource({
            "2024-01-01T00:00:00Z,         2024-01-01T00:00:00Z",
            "2024-01-01T01:00:00+01:00,    2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00.5Z,       2024-01-01T00:00:00.5Z",
            "@1704067200,                  2024-01-01T00:00:00Z",
            "@0,                           1970-01-01T00:00:00Z"})
    void parses(String text, String expected) {
        assertEquals(Instant.parse(expected), BuildTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "@", "@1.5", "2024-01-01", "2024-01-01T00:00:00"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> BuildTime.parse(text));
    }

    @Test
    void optionWinsOverSourceDateEpochWhichWinsOverNow() {
        Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", "1704067200");
        assertEquals(Optional.of(Instant.parse("2000-01-01T00:00:00Z")), BuildTime.choose("2000-01-01T00:00:00Z", env));
        assertEquals(Optional.of(Instant.parse("2024-01-01T00:00:00Z")), BuildTime.choose(null, env));
        assertEquals(Optional.empty(), BuildTime.choose(null, Map.of()));
    }
}
