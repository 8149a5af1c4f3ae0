package dev.ociconv.converter.mirror;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as maps, lists and scalars, each with the line it starts on, so every complaint
 * about an image list can name its line. Jackson's tree model forgets positions; this keeps them.
 */
record YamlTree(int line, Object value) {
    /** Documents nested deeper than this are not image lists. */
    private static final int MAX_DEPTH = 16;

    static YamlTree read(InputStream in, String what) throws IOException {
        try (JsonParser p = new YAMLFactory().createParser(in)) {
            if (p.nextToken() == null) {
                return new YamlTree(1, Map.of());
            }
            return node(p, 0, what);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String why = String.valueOf(e.getOriginalMessage()).strip().lines().findFirst().orElse("");
            throw new ImageListException(what, line, "not valid YAML: " + why);
        }
    }

    private static YamlTree node(JsonParser p, int depth, String what) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        if (depth > MAX_DEPTH) {
            throw new ImageListException(what, line, "nested more than " + MAX_DEPTH + " levels deep");
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlTree> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                YamlTree value = node(p, depth + 1, what);
                if (map.put(key, new YamlTree(keyLine, value.value())) != null) {
                    throw new ImageListException(what, keyLine, "'" + key + "' given twice");
                }
            }
            return new YamlTree(line, map);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlTree> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(node(p, depth + 1, what));
            }
            return new YamlTree(line, list);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new YamlTree(line, null);
        }
        return new YamlTree(line, p.getValueAsString());
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isScalar() {
        return value instanceof String;
    }

    @SuppressWarnings("unchecked")
    Map<String, YamlTree> map() {
        return (Map<String, YamlTree>) value;
    }

    @SuppressWarnings("unchecked")
    List<YamlTree> list() {
        return (List<YamlTree>) value;
    }

    String scalar() {
        return (String) value;
    }
}
