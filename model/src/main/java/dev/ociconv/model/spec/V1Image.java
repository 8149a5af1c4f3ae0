package dev.ociconv.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Docker's legacy v1 image config, {@code image.V1Image} in moby (image/image.go): the
 * {@code <v1id>/json} file of a {@code docker save} archive, and the input of the v1 ID
 * ({@link LegacyIds}). Docker builds it by decoding the image config into Go structs, so only the
 * fields below survive, in this order, and are re-encoded the Go way ({@link #toJson()}):
 *
 * <pre>{"id":"c7b98d…","parent":"…","comment":"…","created":"2017-02-07T19:02:14.382332032Z",
 *  "container":"…","container_config":{…},"docker_version":"1.10.3","author":"…","config":{…},
 *  "architecture":"amd64","variant":"v8","os":"linux","Size":0}</pre>
 *
 * Empty fields are omitted except {@code container_config} (a struct value, always written) and,
 * up to Docker 24, {@code created} (a {@code time.Time} value; Docker 25 made it a pointer, so
 * {@code created == null} here means "omitted").
 */
public record V1Image(
        String id,
        String parent,
        String comment,
        OffsetDateTime created,
        String container,
        V1ContainerConfig containerConfig,
        String dockerVersion,
        String author,
        V1ContainerConfig config,
        String architecture,
        String variant,
        String os,
        long size) {

    /** Go's zero {@code time.Time}, what Docker 24 writes for an image without {@code created}. */
    public static final OffsetDateTime GO_ZERO_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final List<String> FIELDS = List.of("id", "parent", "comment", "created", "container",
            "container_config", "docker_version", "author", "config", "architecture", "variant", "os", "Size",
            // fields of the outer image.Image: they take their keys, so V1Image never sees them
            "rootfs", "history", "os.version", "os.features");

    public V1Image {
        id = Objects.requireNonNullElse(id, "");
        parent = Objects.requireNonNullElse(parent, "");
        comment = Objects.requireNonNullElse(comment, "");
        container = Objects.requireNonNullElse(container, "");
        containerConfig = Objects.requireNonNullElse(containerConfig, V1ContainerConfig.empty());
        dockerVersion = Objects.requireNonNullElse(dockerVersion, "");
        author = Objects.requireNonNullElse(author, "");
        architecture = Objects.requireNonNullElse(architecture, "");
        variant = Objects.requireNonNullElse(variant, "");
        os = Objects.requireNonNullElse(os, "");
    }

    /**
     * The v1 config of an intermediate layer: only {@code created}, the Unix epoch as Go's
     * {@code time.Unix(0, 0)} renders it in the saving daemon's local zone.
     */
    public static V1Image intermediate(ZoneOffset zone) {
        OffsetDateTime epoch = OffsetDateTime.ofInstant(Instant.EPOCH, zone);
        return new V1Image(null, null, null, epoch, null, null, null, null, null, null, null, null, 0);
    }

    /**
     * Decodes an image config as Docker's daemon does into {@code image.Image.V1Image}.
     *
     * @param docker25 decode as Docker 25 (missing {@code created} stays absent, health checks keep
     *                 {@code StartInterval}) rather than Docker 24
     */
    public static V1Image fromImageConfig(byte[] config, boolean docker25, String what) throws InvalidDocumentException {
        JsonNode root = Json.parseTree(config, what);
        if (!root.isObject()) {
            throw new InvalidDocumentException(what + ": image config is not a JSON object");
        }
        Map<String, JsonNode> f = GoDecoder.match(root, FIELDS);
        OffsetDateTime created = time(f.get("created"), what + ".created");
        if (created == null && !docker25) {
            created = GO_ZERO_TIME;
        }
        JsonNode cfg = f.get("config");
        return new V1Image(
                str(f, "id", what), null, // "parent" belongs to the outer image.Image
                str(f, "comment", what), created, str(f, "container", what),
                V1ContainerConfig.decode(f.get("container_config"), docker25, what + ".container_config"),
                str(f, "docker_version", what), str(f, "author", what),
                cfg == null || cfg.isNull() ? null : V1ContainerConfig.decode(cfg, docker25, what + ".config"),
                str(f, "architecture", what), str(f, "variant", what), str(f, "os", what),
                size(f.get("Size"), what));
    }

    private static String str(Map<String, JsonNode> f, String key, String what) throws InvalidDocumentException {
        JsonNode v = f.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new InvalidDocumentException(what + "." + key + ": expected a string");
        }
        return v.textValue();
    }

    private static long size(JsonNode v, String what) throws InvalidDocumentException {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidDocumentException(what + ".Size: expected an integer");
        }
        return v.longValue();
    }

    /** Go's time.Time.UnmarshalJSON: RFC 3339, the offset kept as written. */
    static OffsetDateTime time(JsonNode v, String what) throws InvalidDocumentException {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDocumentException(what + ": expected an RFC 3339 time string");
        }
        try {
            return OffsetDateTime.parse(v.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new InvalidDocumentException(what + ": not an RFC 3339 time: " + v.textValue());
        }
    }

    public V1Image withId(String newId) {
        return new V1Image(newId, parent, comment, created, container, containerConfig, dockerVersion, author, config,
                architecture, variant, os, size);
    }

    public V1Image withParent(String newParent) {
        return new V1Image(id, newParent, comment, created, container, containerConfig, dockerVersion, author, config,
                architecture, variant, os, size);
    }

    public V1Image withOs(String newOs) {
        return new V1Image(id, parent, comment, created, container, containerConfig, dockerVersion, author, config,
                architecture, variant, newOs, size);
    }

    /** The top-level members as Go encodes them, in struct order, empty ones left out. */
    Map<String, String> members() {
        Map<String, String> m = new LinkedHashMap<>();
        putString(m, "id", id);
        putString(m, "parent", parent);
        putString(m, "comment", comment);
        if (created != null) {
            m.put("created", "\"" + GoJson.time(created) + "\"");
        }
        putString(m, "container", container);
        m.put("container_config", containerConfig.toJson());
        putString(m, "docker_version", dockerVersion);
        putString(m, "author", author);
        if (config != null) {
            m.put("config", config.toJson());
        }
        putString(m, "architecture", architecture);
        putString(m, "variant", variant);
        putString(m, "os", os);
        if (size != 0) {
            m.put("Size", Long.toString(size));
        }
        return m;
    }

    private static void putString(Map<String, String> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, GoJson.string(value));
        }
    }

    /** {@code json.Marshal(v1Image)}: the bytes of the {@code <v1id>/json} file (no trailing newline). */
    public byte[] toJson() {
        return GoJson.object(members()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }
}
