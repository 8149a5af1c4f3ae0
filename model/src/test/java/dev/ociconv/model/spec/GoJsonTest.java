package dev.ociconv.model.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoJsonTest {

    @Test
    void escapesAsGoMarshalDoes() {
        assertEquals("\"a\\u003cb\\u003e\\u0026c\"", GoJson.string("a<b>&c"));
        assertEquals("\"q\\\"b\\\\n\\nr\\rt\\t\"", GoJson.string("q\"b\\n\nr\rt\t"));
        assertEquals("\"\\u0000\\u0008\\u000c\\u001f\"", GoJson.string("\u0000\b\f\u001f"));
        assertEquals("\"\\u2028\\u2029\"", GoJson.string("\u2028\u2029"));
        assertEquals("\"é😀\"", GoJson.string("é😀"));
        assertEquals("\"\\ufffd\"", GoJson.string("\ud800"));
        assertEquals("\"\u007f\"", GoJson.string("\u007f"));
    }

    /** Code point order is UTF-8 byte order; with '/' lowest, paths sort as a directory walk visits them. */
    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            "a, b, -1, -1", "b, a, 1, 1", "a, a, 0, 0", "a, ab, -1, -1", "Z, a, -1, -1",
            "\uff5e, \ud83d\ude00, -1, -1", "\u00e9, z, 1, 1",
            "a/x, a.b, 1, -1", "ab, a/x, 1, 1", "a, a/x, -1, -1", "a/b/c, a/b, 1, 1", "a-b/c, a/b, -1, 1",
    })
    void comparesAsGoAndAsAWalk(String a, String b, int asBytes, int asPath) {
        String x = unescape(a);
        String y = unescape(b);
        assertEquals(asBytes, Integer.signum(GoJson.compareUtf8(x, y)));
        assertEquals(Integer.signum(java.util.Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                y.getBytes(java.nio.charset.StandardCharsets.UTF_8))), Integer.signum(GoJson.compareUtf8(x, y)));
        assertEquals(asPath, Integer.signum(GoJson.compareCodePoints(x, y, '/')));
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    @Test
    void mapsAreSortedByUtf8BytesAndNilIsNull() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("b", "2");
        m.put("a", "1");
        m.put("Z", "0");
        m.put("\uff5e", "x");
        m.put("\ud83d\ude00", "y");
        assertEquals("{\"Z\":\"0\",\"a\":\"1\",\"b\":\"2\",\"\uff5e\":\"x\",\"\ud83d\ude00\":\"y\"}", GoJson.stringMap(m));
        assertEquals("null", GoJson.stringMap(null));
        assertEquals("null", GoJson.stringList(null));
        assertEquals("[]", GoJson.stringList(java.util.List.of()));
        assertEquals("[\"a\",\"b\"]", GoJson.stringList(Arrays.asList("a", "b")));
    }

    @ParameterizedTest
    @CsvSource({
            "2017-02-07T19:02:14.382332032Z, 2017-02-07T19:02:14.382332032Z",
            "2017-02-07T19:02:14.100Z, 2017-02-07T19:02:14.1Z",
            "2017-02-07T19:02:14.000Z, 2017-02-07T19:02:14Z",
            "2017-02-07T19:02:14+00:00, 2017-02-07T19:02:14Z",
            "1970-01-01T01:00:00+01:00, 1970-01-01T01:00:00+01:00",
            "1969-12-31T18:30:00-05:30, 1969-12-31T18:30:00-05:30",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z"})
    void timesAreRfc3339NanoTrimmed(String in, String expected) {
        assertEquals(expected, GoJson.time(OffsetDateTime.parse(in)));
    }
}
