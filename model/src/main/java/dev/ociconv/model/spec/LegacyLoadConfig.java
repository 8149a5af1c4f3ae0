package dev.ociconv.model.spec;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image config {@code docker load} makes for a pre-Docker-1.10 archive (no
 * {@code manifest.json}: {@code repositories} names the top v1 layer, each v1 {@code json} names
 * its {@code parent}), as moby's {@code legacyLoadImage} builds it (Docker 20.10): one history
 * entry per v1 layer ({@code v1.HistoryFromConfig}), and the top layer's v1 JSON turned into a
 * config ({@code v1.MakeConfigFromV1Config}): its members minus {@code id}, {@code parent},
 * {@code Size}, {@code parent_id}, {@code layer_id} and {@code throwaway}, plus {@code rootfs}
 * and {@code history}, keys sorted. A v1 JSON written by Docker before 1.8.3 (or naming no
 * version) is first decoded into Go's {@code image.V1Image} and re-encoded, so only that struct's
 * fields survive; a later one keeps its members as written (compacted, HTML-escaped as Go's
 * encoder does with raw JSON).
 */
public final class LegacyLoadConfig {
    private static final List<String> DROPPED = List.of("id", "parent", "Size", "parent_id", "layer_id", "throwaway");

    private LegacyLoadConfig() {
    }

    /**
     * @param v1JsonsBaseFirst each layer's v1 {@code json}, the base layer first, the top last
     * @param diffIds          each layer's diffID, in the same order
     * @return the config's exact bytes (its sha256 is the image ID docker load gives)
     */
    public static byte[] make(List<byte[]> v1JsonsBaseFirst, List<Digest> diffIds, String what) throws InvalidDocumentException {
        if (v1JsonsBaseFirst.isEmpty() || v1JsonsBaseFirst.size() != diffIds.size()) {
            throw new IllegalArgumentException("one v1 json per layer");
        }
        List<String> history = new ArrayList<>();
        for (int i = 0; i < v1JsonsBaseFirst.size(); i++) {
            history.add(historyEntry(V1Image.fromImageConfig(v1JsonsBaseFirst.get(i), false, what + " layer " + i)));
        }
        byte[] top = v1JsonsBaseFirst.get(v1JsonsBaseFirst.size() - 1);
        Map<String, String> members = usesFallback(top, what)
                ? new LinkedHashMap<>(V1Image.fromImageConfig(top, false, what).members())
                : rawMembers(top, what);
        DROPPED.forEach(members::remove);
        List<String> ids = diffIds.stream().map(d -> GoJson.string(d.toString())).toList();
        members.put("rootfs", "{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", ids) + "]}");
        members.put("history", "[" + String.join(",", history) + "]");
        return GoJson.sortedObject(members).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code v1.HistoryFromConfig(json, false)}, encoded as Docker 20.10's {@code image.History}. */
    static String historyEntry(V1Image v1) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("created", "\"" + GoJson.time(v1.created()) + "\"");
        if (!v1.author().isEmpty()) {
            h.put("author", GoJson.string(v1.author()));
        }
        List<String> cmd = v1.containerConfig().cmd();
        String createdBy = cmd == null ? "" : String.join(" ", cmd);
        if (!createdBy.isEmpty()) {
            h.put("created_by", GoJson.string(createdBy));
        }
        if (!v1.comment().isEmpty()) {
            h.put("comment", GoJson.string(v1.comment()));
        }
        return GoJson.object(h);
    }

    /** {@code versions.LessThan(docker_version, "1.8.3")}: fields compared as integers, a missing or odd one as 0. */
    static boolean usesFallback(byte[] v1Json, String what) throws InvalidDocumentException {
        var node = Json.parseTree(v1Json, what).get("docker_version");
        String version = node == null || !node.isTextual() ? "" : node.textValue();
        return compareVersions(version, "1.8.3") < 0;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? atoi(x[i]) : 0;
            int q = i < y.length ? atoi(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int atoi(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0; // Go's strconv.Atoi error is ignored there: 0
        }
    }

    /**
     * The top-level members of a JSON object as Go's {@code map[string]*json.RawMessage} keeps them,
     * each value re-emitted as Go's encoder emits raw JSON: compacted, with {@code <}, {@code >},
     * {@code &}, U+2028 and U+2029 escaped. A key that occurs twice keeps its last value.
     */
    static Map<String, String> rawMembers(byte[] json, String what) throws InvalidDocumentException {
        if (!Json.parseTree(json, what).isObject()) { // well-formed, within the nesting limit
            throw new InvalidDocumentException(what + ": not a JSON object");
        }
        String s = new String(json, StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        int i = skipSpace(s, s.indexOf('{') + 1);
        while (s.charAt(i) != '}') {
            int keyEnd = valueEnd(s, i);
            String key;
            try {
                key = Json.mapper().readValue(s.substring(i, keyEnd), String.class);
            } catch (IOException e) {
                throw new InvalidDocumentException(what + ": bad member name");
            }
            i = skipSpace(s, skipSpace(s, keyEnd) + 1); // past ':'
            int end = valueEnd(s, i);
            out.put(key, compact(s.substring(i, end)));
            i = skipSpace(s, end);
            if (s.charAt(i) == ',') {
                i = skipSpace(s, i + 1);
            }
        }
        return out;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Where the JSON value starting at {@code i} ends (the document is known to be well-formed). */
    private static int valueEnd(String s, int i) {
        char c = s.charAt(i);
        if (c == '"') {
            int j = i + 1;
            while (s.charAt(j) != '"') {
                j += s.charAt(j) == '\\' ? 2 : 1;
            }
            return j + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int j = i;
            do {
                char d = s.charAt(j);
                if (d == '"') {
                    j = valueEnd(s, j);
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                }
                j++;
            } while (depth > 0);
            return j;
        }
        int j = i;
        while (j < s.length() && ",}] \t\n\r".indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j;
    }

    /** Go's {@code compact} with HTML escaping: whitespace outside strings dropped, {@code <>&} and U+2028/9 escaped. */
    static String compact(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                    b.append(c);
                } else if (c == '\\') {
                    escaped = true;
                    b.append(c);
                } else if (c == '"') {
                    inString = false;
                    b.append(c);
                } else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                inString = true;
                b.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
