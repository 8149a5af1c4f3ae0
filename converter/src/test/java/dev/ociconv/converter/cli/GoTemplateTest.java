package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoTemplateTest {
    private static final JsonNode DATA = parse("""
            {"Digest": "sha256:abc", "Architecture": "amd64", "Layers": ["sha256:1", "sha256:2"],
             "Labels": {"org.opencontainers.image.version": "1.2", "b": "x"}, "Env": [], "Created": null,
             "platform": {"os": "linux"}}""");

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{{.Digest}}                                   | sha256:abc",
            "digest={{ .Digest }} arch={{.Architecture}}   | digest=sha256:abc arch=amd64",
            "{{.platform.os}}                              | linux",
            "{{.Layers}}                                   | [sha256:1 sha256:2]",
            "{{.Labels}}                                   | map[b:x org.opencontainers.image.version:1.2]",
            "`{{index .Labels \"org.opencontainers.image.version\"}}` | 1.2",
            "{{index .Layers 1}}                           | sha256:2",
            "`{{join .Layers \",\"}}`                      | sha256:1,sha256:2",
            "{{len .Layers}}                               | 2",
            "{{json .Labels}}                              | `{\"org.opencontainers.image.version\":\"1.2\",\"b\":\"x\"}`",
            "{{json .Env}}                                 | []",
            "{{.Created}}                                  | <no value>",
            "no action at all                              | no action at all",
    })
    void rendersAsGoDoes(String template, String expected) {
        assertEquals(expected, GoTemplate.render(template.strip(), DATA));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{{.Digets}}           | no field 'Digets' in .Digets (there: Architecture, Created, Digest, Env, Labels, Layers, platform)",
            "{{.Digest            | is never closed",
            "{{}}                  | an empty action",
            "{{range .Layers}}     | is not supported",
            "{{index .Labels}}     | expected {{index .X KEY}}",
            "{{Digest}}            | is not supported",
    })
    void mistakesAreNamed(String template, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoTemplate.render(template.strip(), DATA));
        assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
    }
}
