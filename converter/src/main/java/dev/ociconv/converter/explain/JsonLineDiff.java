package dev.ociconv.converter.explain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A line diff of two JSON objects, one top-level member per line (members as compact JSON), by
 * longest common subsequence: small documents only (v1 JSONs have a dozen members).
 */
final class JsonLineDiff {
    private JsonLineDiff() {
    }

    static List<String> diff(String a, String b) {
        List<String> x = members(a);
        List<String> y = members(b);
        int[][] lcs = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                out.add("  " + x.get(i++));
                j++;
            } else if (i < x.size() && (j == y.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + x.get(i++));
            } else {
                out.add("+ " + y.get(j++));
            }
        }
        return out;
    }

    /** {@code "key":value} per top-level member, in document order. */
    static List<String> members(String json) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode node = Json.parseTree(json.getBytes(StandardCharsets.UTF_8), "v1 json");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                out.add("\"" + m.getKey() + "\":" + m.getValue());
            }
        } catch (InvalidDocumentException e) {
            out.add(json);
        }
        return out;
    }
}
