package dev.ociconv.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.spec.V1ContainerConfig.Field;
import dev.ociconv.model.spec.V1ContainerConfig.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of Go's {@code encoding/json} that decide what Docker's v1 layer configs contain:
 * struct fields matched case-insensitively (the last matching key wins), unknown keys dropped,
 * {@code null} leaving the zero value, a string accepted where a {@code strslice.StrSlice} is
 * expected. A value of the wrong type is an error, as it is for Docker.
 */
final class GoDecoder {
    private GoDecoder() {
    }

    /** Pairs each JSON key with the schema field Go would store it in. */
    static Map<String, JsonNode> match(JsonNode object, List<String> names) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String hit = names.contains(key) ? key : null;
            for (int i = 0; hit == null && i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(key)) {
                    hit = names.get(i);
                }
            }
            if (hit != null) {
                out.put(hit, e.getValue());
            }
        }
        return out;
    }

    static Map<String, Object> decodeObject(JsonNode node, List<Field> schema, List<Field> health, String what)
            throws InvalidDocumentException {
        if (!node.isObject()) {
            throw new InvalidDocumentException(what + ": expected a JSON object");
        }
        Map<String, JsonNode> matched = match(node, schema.stream().map(Field::name).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : schema) {
            JsonNode v = matched.get(f.name());
            String where = what + "." + f.name();
            out.put(f.name(), v == null || v.isNull() ? zero(f.kind()) : decode(v, f.kind(), health, where));
        }
        return out;
    }

    private static Object zero(Kind kind) {
        return switch (kind) {
            case STRING -> "";
            case BOOL -> Boolean.FALSE;
            case INT -> 0L;
            default -> null;
        };
    }

    private static Object decode(JsonNode v, Kind kind, List<Field> health, String where) throws InvalidDocumentException {
        switch (kind) {
            case STRING:
                return text(v, where);
            case BOOL:
                if (!v.isBoolean()) {
                    throw type(where, "a boolean");
                }
                return v.booleanValue();
            case INT:
            case INTPTR:
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw type(where, "an integer");
                }
                return v.longValue();
            case STRSLICE:
                if (v.isTextual()) {
                    return List.of(v.textValue());
                }
                return strings(v, where);
            case STRINGS:
                return strings(v, where);
            case STRMAP: {
                Map<String, String> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = objectFields(v, where); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), e.getValue().isNull() ? "" : text(e.getValue(), where + "." + e.getKey()));
                }
                return Collections.unmodifiableMap(m);
            }
            case SET: {
                List<String> keys = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = objectFields(v, where); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isObject() && !e.getValue().isNull()) {
                        throw type(where + "." + e.getKey(), "an object");
                    }
                    keys.add(e.getKey());
                }
                return Collections.unmodifiableList(keys);
            }
            case HEALTH:
                return Collections.unmodifiableMap(decodeObject(v, health, health, where));
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static Iterator<Map.Entry<String, JsonNode>> objectFields(JsonNode v, String where) throws InvalidDocumentException {
        if (!v.isObject()) {
            throw type(where, "an object");
        }
        return v.fields();
    }

    private static String text(JsonNode v, String where) throws InvalidDocumentException {
        if (!v.isTextual()) {
            throw type(where, "a string");
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode v, String where) throws InvalidDocumentException {
        if (!v.isArray()) {
            throw type(where, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.isNull() ? "" : text(e, where + "[]"));
        }
        return Collections.unmodifiableList(out);
    }

    private static InvalidDocumentException type(String where, String expected) {
        return new InvalidDocumentException(where + ": expected " + expected + " (as Docker's Go types require)");
    }

    /** Go's json.Marshal of a struct whose decoded fields are {@code values}. */
    static String encodeObject(Map<String, Object> values, List<Field> schema) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Field f : schema) {
            Object v = values.containsKey(f.name()) ? values.get(f.name()) : zero(f.kind());
            if (f.omitEmpty() && isEmpty(v, f.kind())) {
                continue;
            }
            raw.put(f.name(), encode(v, f.kind()));
        }
        return GoJson.object(raw);
    }

    @SuppressWarnings("unchecked")
    private static String encode(Object v, Kind kind) {
        if (v == null) {
            return "null";
        }
        return switch (kind) {
            case STRING -> GoJson.string((String) v);
            case BOOL, INT, INTPTR -> v.toString();
            case STRINGS, STRSLICE -> GoJson.stringList((List<String>) v);
            case STRMAP -> GoJson.stringMap((Map<String, String>) v);
            case SET -> {
                Map<String, String> raw = new LinkedHashMap<>();
                ((List<String>) v).forEach(k -> raw.put(k, "{}"));
                yield GoJson.sortedObject(raw);
            }
            case HEALTH -> {
                Map<String, Object> h = (Map<String, Object>) v;
                List<Field> schema = h.containsKey("StartInterval") ? V1ContainerConfig.HEALTH_V25 : V1ContainerConfig.HEALTH_V24;
                yield encodeObject(h, schema);
            }
        };
    }

    /** Go's omitempty: pointers (StopTimeout, Healthcheck) are empty only when nil. */
    private static boolean isEmpty(Object v, Kind kind) {
        if (kind == Kind.INTPTR || kind == Kind.HEALTH) {
            return v == null;
        }
        return v == null
                || v.equals("") || v.equals(Boolean.FALSE) || v.equals(0L)
                || v instanceof List<?> l && l.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }
}
