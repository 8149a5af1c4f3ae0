package dev.ociconv.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.InvalidDocumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code container.Config} (moby api/types/container/config.go) as Go reads and writes it
 * inside a v1 layer config: the {@code config} and {@code container_config} objects of
 * {@link V1Image}. Only the fields Go knows survive; they are written in the struct's order, the
 * ones without {@code omitempty} even when empty ({@code "Hostname":""}, {@code "Env":null}).
 *
 * <pre>{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,
 *  "AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,
 *  "Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null}</pre>
 *
 * @param fields decoded values by Go field name: String, Boolean, Long, {@code List<String>},
 *               {@code Map<String,String>}, {@code List<String>} of set keys, or a nested map for
 *               {@code Healthcheck}; {@code null} for Go's nil
 */
public record V1ContainerConfig(Map<String, Object> fields) {

    enum Kind { STRING, BOOL, STRINGS, STRSLICE, STRMAP, SET, INT, INTPTR, HEALTH }

    record Field(String name, Kind kind, boolean omitEmpty) {
    }

    /** container.Config of Docker 24 and 25, in declaration order. */
    static final List<Field> SCHEMA = List.of(
            new Field("Hostname", Kind.STRING, false),
            new Field("Domainname", Kind.STRING, false),
            new Field("User", Kind.STRING, false),
            new Field("AttachStdin", Kind.BOOL, false),
            new Field("AttachStdout", Kind.BOOL, false),
            new Field("AttachStderr", Kind.BOOL, false),
            new Field("ExposedPorts", Kind.SET, true),
            new Field("Tty", Kind.BOOL, false),
            new Field("OpenStdin", Kind.BOOL, false),
            new Field("StdinOnce", Kind.BOOL, false),
            new Field("Env", Kind.STRINGS, false),
            new Field("Cmd", Kind.STRSLICE, false),
            new Field("Healthcheck", Kind.HEALTH, true),
            new Field("ArgsEscaped", Kind.BOOL, true),
            new Field("Image", Kind.STRING, false),
            new Field("Volumes", Kind.SET, false),
            new Field("WorkingDir", Kind.STRING, false),
            new Field("Entrypoint", Kind.STRSLICE, false),
            new Field("NetworkDisabled", Kind.BOOL, true),
            new Field("MacAddress", Kind.STRING, true),
            new Field("OnBuild", Kind.STRINGS, false),
            new Field("Labels", Kind.STRMAP, false),
            new Field("StopSignal", Kind.STRING, true),
            new Field("StopTimeout", Kind.INTPTR, true),
            new Field("Shell", Kind.STRSLICE, true));

    /** container.HealthConfig; {@code StartInterval} exists from Docker 25 (API 1.44). */
    static final List<Field> HEALTH_V24 = List.of(
            new Field("Test", Kind.STRINGS, true),
            new Field("Interval", Kind.INT, true),
            new Field("Timeout", Kind.INT, true),
            new Field("StartPeriod", Kind.INT, true),
            new Field("Retries", Kind.INT, true));
    static final List<Field> HEALTH_V25 = List.of(
            new Field("Test", Kind.STRINGS, true),
            new Field("Interval", Kind.INT, true),
            new Field("Timeout", Kind.INT, true),
            new Field("StartPeriod", Kind.INT, true),
            new Field("StartInterval", Kind.INT, true),
            new Field("Retries", Kind.INT, true));

    public V1ContainerConfig {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Go's zero value: what an image without {@code container_config} carries. */
    public static V1ContainerConfig empty() {
        return new V1ContainerConfig(Map.of());
    }

    /** Decodes as Go's json.Unmarshal would (keys matched case-insensitively, unknown keys dropped). */
    static V1ContainerConfig decode(JsonNode node, boolean docker25, String what) throws InvalidDocumentException {
        if (node == null || node.isNull()) {
            return empty();
        }
        return new V1ContainerConfig(GoDecoder.decodeObject(node, SCHEMA, docker25 ? HEALTH_V25 : HEALTH_V24, what));
    }

    /** Go's json.Marshal of the struct. */
    public String toJson() {
        return GoDecoder.encodeObject(fields, SCHEMA);
    }

    @SuppressWarnings("unchecked")
    public List<String> env() {
        return (List<String>) fields.get("Env");
    }

    @SuppressWarnings("unchecked")
    public List<String> cmd() {
        return (List<String>) fields.get("Cmd");
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> labels() {
        return (Map<String, String>) fields.get("Labels");
    }

    static List<String> copyList(List<String> l) {
        return l == null ? null : Collections.unmodifiableList(new ArrayList<>(l));
    }
}
