package dev.ociconv.converter.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.spec.GoJson;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the config of a built image: the base's config (or a new one from scratch) with the
 * new layers' diff_ids and history entries appended, {@code created} set to the build time and
 * the platform fields set. This is a document ociconv authors, so it is serialised here; the
 * base's fields are carried as a JSON tree, unknown ones included.
 *
 * <p>History entries follow Docker's classic builder, which is what {@code docker history} and
 * {@code docker save}'s users know: {@code /bin/sh -c #(nop) ADD file:<sha256 of the file> in /hello.txt }
 * (a directory is {@code dir:<layer diffID>}); {@code CMD}, {@code ENTRYPOINT} and {@code LABEL}
 * add {@code empty_layer} entries. Top-level keys are sorted, as Docker's daemon writes them.
 * {@code container} and {@code container_config} describe the base's last build step, so they
 * are dropped rather than left to mislead.
 */
final class ConfigAuthor {
    /** The PATH Docker and BuildKit give a Linux image built from scratch. */
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // plain mapper for output: the shared one leaves out nulls and empties, which would alter the base's fields
    private static final ObjectMapper WRITER = new ObjectMapper();

    private ConfigAuthor() {
    }

    /** One added layer as history sees it. */
    record Added(AddSpec add, Digest diffId, String contentRef) {
        String createdBy() {
            return "/bin/sh -c #(nop) ADD " + contentRef + " in " + add.dest() + " ";
        }
    }

    static byte[] write(Optional<byte[]> baseConfig, List<Added> added, BuildSpec spec, Instant created)
            throws InvalidDocumentException {
        ObjectNode root;
        if (baseConfig.isPresent()) {
            JsonNode base = Json.parseTree(baseConfig.get(), "base image config");
            if (!base.isObject()) {
                throw new InvalidDocumentException("base image config: not a JSON object");
            }
            root = ((ObjectNode) base).deepCopy();
            root.remove("container");
            root.remove("container_config");
        } else {
            root = NODES.objectNode();
            root.put("architecture", "amd64");
            root.put("os", "linux");
        }
        spec.architecture().ifPresent(a -> root.put("architecture", a));
        spec.os().ifPresent(o -> root.put("os", o));
        spec.variant().ifPresent(v -> root.put("variant", v));
        String time = GoJson.time(OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
        root.put("created", time);

        ObjectNode config = objectMember(root, "config");
        if (baseConfig.isEmpty() && "linux".equals(root.path("os").asText())) {
            config.putArray("Env").add(DEFAULT_PATH);
        }
        ObjectNode rootfs = objectMember(root, "rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = arrayMember(rootfs, "diff_ids");
        ArrayNode history = arrayMember(root, "history");
        for (Added a : added) {
            diffIds.add(a.diffId().toString());
            history.add(historyEntry(time, a.createdBy(), false));
        }
        if (!spec.labels().isEmpty()) {
            ObjectNode labels = objectMember(config, "Labels");
            List<String> pairs = new ArrayList<>();
            for (Map.Entry<String, String> l : spec.labels().entrySet()) {
                labels.put(l.getKey(), l.getValue());
                pairs.add(l.getKey() + "=" + l.getValue());
            }
            history.add(historyEntry(time, "/bin/sh -c #(nop)  LABEL " + String.join(" ", pairs), true));
        }
        if (spec.entrypoint().isPresent()) {
            config.set("Entrypoint", stringArray(spec.entrypoint().get()));
            history.add(historyEntry(time, "/bin/sh -c #(nop)  ENTRYPOINT " + jsonList(spec.entrypoint().get()), true));
        }
        if (spec.cmd().isPresent()) {
            config.set("Cmd", stringArray(spec.cmd().get()));
            history.add(historyEntry(time, "/bin/sh -c #(nop)  CMD " + jsonList(spec.cmd().get()), true));
        }
        if (config.isEmpty()) {
            root.remove("config");
        }
        try {
            return WRITER.writeValueAsBytes(sorted(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the image config", e);
        }
    }

    private static ObjectNode historyEntry(String time, String createdBy, boolean empty) {
        ObjectNode h = NODES.objectNode();
        h.put("created", time);
        h.put("created_by", createdBy);
        if (empty) {
            h.put("empty_layer", true);
        }
        return h;
    }

    private static ObjectNode objectMember(ObjectNode parent, String key) throws InvalidDocumentException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return parent.putObject(key);
        }
        if (!n.isObject()) {
            throw new InvalidDocumentException("base image config: '" + key + "' is not an object");
        }
        return (ObjectNode) n;
    }

    private static ArrayNode arrayMember(ObjectNode parent, String key) throws InvalidDocumentException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return parent.putArray(key);
        }
        if (!n.isArray()) {
            throw new InvalidDocumentException("base image config: '" + key + "' is not an array");
        }
        return (ArrayNode) n;
    }

    private static ArrayNode stringArray(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String jsonList(List<String> values) {
        try {
            return WRITER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Top-level keys in byte order, as Go marshals the map Docker turns an image into. */
    private static ObjectNode sorted(ObjectNode root) {
        Map<String, JsonNode> byKey = new TreeMap<>(GoJson::compareUtf8);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byKey.put(e.getKey(), e.getValue());
        }
        ObjectNode out = NODES.objectNode();
        byKey.forEach(out::set);
        return out;
    }
}
