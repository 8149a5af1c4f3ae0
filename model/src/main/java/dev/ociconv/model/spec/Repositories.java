package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code docker save} archive's {@code repositories} file: repository → tag → top layer v1 ID.
 *
 * <pre>{"testuser/testimage": {"v1": "d38166…"}}</pre>
 */
public record Repositories(Map<String, Map<String, String>> repositories) {

    public Repositories {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (repositories != null) {
            repositories.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v == null ? Map.of() : v))));
        }
        repositories = Collections.unmodifiableMap(copy);
    }

    @JsonCreator
    static Repositories fromJson(Map<String, Map<String, String>> map) {
        return new Repositories(map);
    }

    @JsonValue
    public Map<String, Map<String, String>> asMap() {
        return repositories;
    }

    public static Repositories parse(byte[] bytes, String what) throws InvalidDocumentException {
        try {
            Map<String, Map<String, String>> map = Json.mapper().readValue(bytes, new TypeReference<>() {
            });
            if (map == null) {
                throw new InvalidDocumentException(what + ": document is null");
            }
            return new Repositories(map);
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidDocumentException(what + ": " + Json.describe(e), e);
        }
    }
}
