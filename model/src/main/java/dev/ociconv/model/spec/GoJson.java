package dev.ociconv.model.spec;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Go's {@code encoding/json.Marshal} writes it, for the documents whose bytes
 * Docker hashes or compares (v1 layer configs, {@code manifest.json}, {@code repositories}).
 * Jackson cannot be told to match Go byte for byte, so these few documents are assembled here.
 *
 * <p>Go's rules reproduced: compact output; strings escape {@code "} and {@code \}, {@code \n},
 * {@code \r}, {@code \t}, other control characters as six-character {@code &#92;u00XX} escapes (Go before 1.22, which
 * built Docker 24 and 25), {@code <}, {@code >}, {@code &} and U+2028/U+2029 likewise as
 * {@code &#92;u003c} etc.; map keys sorted by their UTF-8 bytes; nil slices and maps
 * as {@code null}; times in RFC 3339 with trailing zeros of the fraction trimmed and {@code Z}
 * for a zero offset.
 */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /** A JSON string literal, escaped as Go escapes it. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(b, c);
                default -> {
                    if (c < 0x20) {
                        unicode(b, c);
                    } else if (Character.isSurrogate(c) && !validPair(s, i)) {
                        b.append("\\ufffd"); // Go replaces invalid UTF-8 with U+FFFD, escaped
                    } else {
                        b.append(c);
                        if (Character.isHighSurrogate(c)) {
                            b.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
    }

    /** A {@code []string}: {@code null} when nil. */
    public static String stringList(List<String> list) {
        if (list == null) {
            return "null";
        }
        List<String> parts = new ArrayList<>(list.size());
        list.forEach(s -> parts.add(string(s)));
        return "[" + String.join(",", parts) + "]";
    }

    /** A {@code map[string]string}, keys sorted: {@code null} when nil. */
    public static String stringMap(Map<String, String> map) {
        if (map == null) {
            return "null";
        }
        Map<String, String> raw = new LinkedHashMap<>();
        map.forEach((k, v) -> raw.put(k, string(v)));
        return sortedObject(raw);
    }

    /** An object of already-encoded values with keys in Go's map order (sorted by UTF-8 bytes). */
    public static String sortedObject(Map<String, String> rawValues) {
        List<String> keys = new ArrayList<>(rawValues.keySet());
        keys.sort(GoJson::compareUtf8);
        StringBuilder b = new StringBuilder("{");
        for (String k : keys) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(string(k)).append(':').append(rawValues.get(k));
        }
        return b.append('}').toString();
    }

    /** An object of already-encoded values in the given (struct field) order. */
    public static String object(Map<String, String> rawValues) {
        StringBuilder b = new StringBuilder("{");
        rawValues.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(string(k)).append(':').append(v);
        });
        return b.append('}').toString();
    }

    /**
     * Go sorts map keys as byte strings, i.e. by UTF-8, not by UTF-16 code units. UTF-8's byte
     * order is code point order, so this compares code points and allocates nothing (it runs once
     * per comparison of a sort over every file of a save tree).
     */
    public static int compareUtf8(String a, String b) {
        return compareCodePoints(a, b, -1);
    }

    /**
     * As {@link #compareUtf8}, with {@code low} (a code point, or -1 for none) sorting before
     * every other: {@code '/'} given, paths compare component by component, as a walk visits them.
     */
    public static int compareCodePoints(String a, String b, int low) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return x == low ? -1 : y == low ? 1 : Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** {@code time.Time.MarshalJSON}: RFC 3339 with nanoseconds, trailing zeros trimmed, unquoted. */
    public static String time(OffsetDateTime t) {
        StringBuilder b = new StringBuilder();
        int year = t.getYear();
        b.append(pad(year, 4)).append('-').append(pad(t.getMonthValue(), 2)).append('-').append(pad(t.getDayOfMonth(), 2))
                .append('T').append(pad(t.getHour(), 2)).append(':').append(pad(t.getMinute(), 2)).append(':')
                .append(pad(t.getSecond(), 2));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = pad(nanos, 9);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(frac, 0, end);
        }
        b.append(offset(t.getOffset()));
        return b.toString();
    }

    /** Go's {@code Z07:00}: {@code Z} for zero, else {@code ±hh:mm}. */
    public static String offset(ZoneOffset offset) {
        int secs = offset.getTotalSeconds();
        if (secs == 0) {
            return "Z";
        }
        int abs = Math.abs(secs);
        return (secs < 0 ? "-" : "+") + pad(abs / 3600, 2) + ":" + pad(abs / 60 % 60, 2);
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
