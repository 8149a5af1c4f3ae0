package dev.ociconv.model.spec;

import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** moby's legacy load (v1.HistoryFromConfig, v1.MakeConfigFromV1Config), piece by piece. */
class LegacyLoadConfigTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"1.4.1, 1.8.3, -1", "1.8.3, 1.8.3, 0", "1.10.3, 1.8.3, 1", "'', 1.8.3, -1", "1.8, 1.8.3, -1",
            "1.8.3-rc1, 1.8.3, -1", "2, 1.8.3, 1", "1.9.0-dev, 1.8.3, 1"})
    void versionsCompareAsDockersVersionsPackage(String a, String b, int expected) {
        assertEquals(expected, Integer.signum(LegacyLoadConfig.compareVersions(a, b)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\" : [ 1 , 2 ] }                     | [1,2]",
            "{\"a\": \"x < y & z > 0\"}                | \"x \\u003c y \\u0026 z \\u003e 0\"",
            "{\"a\": \"keep  spaces\\\" \\\\ in strings\"} | \"keep  spaces\\\" \\\\ in strings\"",
            "{\"a\": {\"b\" :\t null}}                | {\"b\":null}",
            "{\"a\": 1.50e+3}                          | 1.50e+3",
    })
    void rawValuesAreCompactedAndHtmlEscapedAsGoEmitsThem(String json, String expected) throws Exception {
        assertEquals(expected, LegacyLoadConfig.rawMembers(b(json), "t").get("a"));
    }

    @Test
    void membersKeepTheirOrderAndAKeyTwiceIsRefused() throws Exception {
        assertEquals(List.of("b", "a"), List.copyOf(LegacyLoadConfig.rawMembers(b("{\"b\":\"x\",\"a\":1}"), "t").keySet()));
        // strict JSON, as every document ociconv reads (Go would keep the last value)
        org.junit.jupiter.api.Assertions.assertThrows(dev.ociconv.model.json.InvalidDocumentException.class,
                () -> LegacyLoadConfig.rawMembers(b("{\"a\":1,\"b\":\"x\",\"a\":2}"), "t"));
    }

    @Test
    void aModernV1JsonKeepsItsMembersAndGetsRootfsAndHistory() throws Exception {
        // docker_version 1.10: no struct round trip; unknown members survive, the dropped ones go
        String top = "{\"id\":\"" + "b".repeat(64) + "\",\"parent\":\"" + "a".repeat(64) + "\",\"created\":\"2016-01-02T03:04:05.5Z\","
                + "\"docker_version\":\"1.10.0\",\"custom\":{\"z\":1},\"Size\":12,\"layer_id\":\"x\","
                + "\"container_config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"#(nop) CMD <x>\"]},\"author\":\"me\"}";
        String base = "{\"id\":\"" + "a".repeat(64) + "\",\"created\":\"2015-01-01T00:00:00Z\",\"comment\":\"Imported from -\"}";
        Digest d1 = Digest.sha256(b("1"));
        Digest d2 = Digest.sha256(b("2"));
        String config = new String(LegacyLoadConfig.make(List.of(b(base), b(top)), List.of(d1, d2), "t"), StandardCharsets.UTF_8);
        assertEquals("{\"author\":\"me\",\"container_config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"#(nop) CMD \\u003cx\\u003e\"]},"
                + "\"created\":\"2016-01-02T03:04:05.5Z\",\"custom\":{\"z\":1},\"docker_version\":\"1.10.0\","
                + "\"history\":[{\"created\":\"2015-01-01T00:00:00Z\",\"comment\":\"Imported from -\"},"
                + "{\"created\":\"2016-01-02T03:04:05.5Z\",\"author\":\"me\",\"created_by\":\"/bin/sh -c #(nop) CMD \\u003cx\\u003e\"}],"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + d1 + "\",\"" + d2 + "\"]}}", config);
    }

    @Test
    void anOldV1JsonIsReencodedThroughGosV1ImageStruct() throws Exception {
        // before 1.8.3: only V1Image's fields survive (custom goes), container_config is always written
        String top = "{\"id\":\"" + "a".repeat(64) + "\",\"created\":\"1970-01-01T00:00:00Z\",\"docker_version\":\"1.4.1\","
                + "\"custom\":1,\"os\":\"linux\"}";
        Digest d = Digest.sha256(b(""));
        String config = new String(LegacyLoadConfig.make(List.of(b(top)), List.of(d), "t"), StandardCharsets.UTF_8);
        assertEquals(false, config.contains("custom"), config);
        assertEquals(true, config.startsWith("{\"container_config\":{\"Hostname\":\"\""), config);
        assertEquals(true, config.endsWith(",\"docker_version\":\"1.4.1\",\"history\":[{\"created\":\"1970-01-01T00:00:00Z\"}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + d + "\"]}}"), config);
    }
}
