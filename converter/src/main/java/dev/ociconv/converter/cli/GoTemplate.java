package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The part of Go's text/template that {@code skopeo inspect --format} users type, over a JSON
 * object: text copied as it is, and actions {@code {{.Field.Sub}}}, {@code {{.}}},
 * {@code {{json .X}}}, {@code {{index .X "key"}}} or {@code {{index .X 0}}}, {@code {{join .X ", "}}},
 * {@code {{len .X}}}. Values print as Go prints them: a string bare, a list {@code [a b]}, a map
 * {@code map[k:v]}, nothing there {@code <no value>}. A field the object does not have is an
 * error naming the fields it does have (a typo, not an empty line).
 */
final class GoTemplate {
    private GoTemplate() {
    }

    static String render(String template, JsonNode data) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("--format: '{{' at " + open + " is never closed");
            }
            out.append(action(template.substring(open + 2, close).strip(), data));
            i = close + 2;
        }
        return out.toString();
    }

    private static String action(String action, JsonNode data) {
        List<String> words = words(action);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--format: an empty action {{}}");
        }
        String first = words.get(0);
        switch (first) {
            case "json" -> {
                arity(words, 2, "json .X");
                return Json.mapper().valueToTree(value(words.get(1), data)).toString();
            }
            case "len" -> {
                arity(words, 2, "len .X");
                JsonNode v = value(words.get(1), data);
                return Integer.toString(v.isTextual() ? v.asText().length() : v.size());
            }
            case "index" -> {
                arity(words, 3, "index .X KEY");
                JsonNode v = value(words.get(1), data);
                String key = words.get(2);
                JsonNode got = key.startsWith("\"") ? v.get(unquote(key)) : v.get(Integer.parseInt(key));
                return print(got);
            }
            case "join" -> {
                arity(words, 3, "join .X SEPARATOR");
                JsonNode v = value(words.get(1), data);
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(print(e)));
                return String.join(unquote(words.get(2)), parts);
            }
            default -> {
                if (words.size() != 1 || !first.startsWith(".")) {
                    throw new IllegalArgumentException("--format: {{" + action + "}} is not supported (fields .A.B, json, index, join, len)");
                }
                return print(value(first, data));
            }
        }
    }

    /** {@code .} or {@code .A.B}: the value at that path; a missing field is an error naming those there. */
    private static JsonNode value(String path, JsonNode data) {
        if (!path.startsWith(".")) {
            throw new IllegalArgumentException("--format: '" + path + "' is not a field (fields start with '.')");
        }
        JsonNode v = data;
        if (path.equals(".")) {
            return v;
        }
        for (String name : path.substring(1).split("\\.", -1)) {
            if (!v.isObject() || !v.has(name)) {
                TreeSet<String> fields = new TreeSet<>();
                v.fieldNames().forEachRemaining(fields::add);
                throw new IllegalArgumentException("--format: no field '" + name + "' in " + path + (fields.isEmpty() ? ""
                        : " (there: " + String.join(", ", fields) + ")"));
            }
            v = v.get(name);
        }
        return v;
    }

    /** A value as Go's fmt prints it. */
    static String print(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(print(e)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            new TreeSet<String>(iterable(v)).forEach(k -> parts.add(k + ":" + print(v.get(k))));
            return "map[" + String.join(" ", parts) + "]";
        }
        return v.asText();
    }

    private static List<String> iterable(JsonNode v) {
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static void arity(List<String> words, int n, String usage) {
        if (words.size() != n) {
            throw new IllegalArgumentException("--format: {{" + String.join(" ", words) + "}}: expected {{" + usage + "}}");
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"");
        }
        throw new IllegalArgumentException("--format: " + s + " should be a quoted string");
    }

    /** Words of an action; a quoted string is one word. */
    private static List<String> words(String action) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                while (end < action.length() && (action.charAt(end) != '"' || action.charAt(end - 1) == '\\')) {
                    end++;
                }
                if (end >= action.length()) {
                    throw new IllegalArgumentException("--format: unterminated string in {{" + action + "}}");
                }
                out.add(action.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < action.length() && !Character.isWhitespace(action.charAt(end))) {
                    end++;
                }
                out.add(action.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
