package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.converter.inspect.InspectReport;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.spec.Platform;

import java.util.Optional;

/**
 * What {@code inspect --format} sees of one image: skopeo inspect's field names (Name, Digest,
 * Created, Architecture, Os, Variant, Layers, Labels, Env, …, so a skopeo user's template works)
 * beside the fields of ociconv's own {@code --json} object (digest, names, platforms, …). The
 * single-platform fields describe the image for this machine's platform in an index, else its first.
 */
final class InspectFields {
    private InspectFields() {
    }

    static ObjectNode of(InspectReport.ImageInfo image, Optional<JsonNode> config) {
        ObjectNode o = (ObjectNode) Json.mapper().valueToTree(image);
        o.put("Name", image.names().isEmpty() ? "" : image.names().get(0));
        ArrayNode names = o.putArray("Names");
        image.names().forEach(names::add);
        o.put("Digest", image.digest() == null ? null : image.digest().toString());
        o.put("MediaType", image.mediaType());
        ArrayNode platforms = o.putArray("Platforms");
        InspectReport.PlatformImage chosen = null;
        for (InspectReport.PlatformImage p : image.platforms()) {
            if (p.platform() != null) {
                platforms.add(p.platform().toString());
                if (chosen == null && Platform.host().matches(p.platform())) {
                    chosen = p;
                }
            }
        }
        if (chosen == null && !image.platforms().isEmpty()) {
            chosen = image.platforms().get(0);
        }
        if (chosen != null) {
            o.put("Created", chosen.created());
            if (chosen.platform() != null) {
                o.put("Architecture", chosen.platform().architecture());
                o.put("Os", chosen.platform().os());
                o.put("Variant", chosen.platform().variant() == null ? "" : chosen.platform().variant());
            }
            o.put("ConfigDigest", chosen.configDigest() == null ? null : chosen.configDigest().toString());
            ArrayNode layers = o.putArray("Layers");
            chosen.layers().forEach(l -> layers.add(l.digest() == null ? l.diffId().toString() : l.digest().toString()));
        }
        config.ifPresent(c -> {
            JsonNode cfg = c.path("config");
            o.set("Labels", cfg.path("Labels").isMissingNode() ? Json.mapper().nullNode() : cfg.get("Labels"));
            o.set("Env", cfg.path("Env").isMissingNode() ? Json.mapper().createArrayNode() : cfg.get("Env"));
            o.set("Cmd", cfg.path("Cmd").isMissingNode() ? Json.mapper().nullNode() : cfg.get("Cmd"));
            o.set("Entrypoint", cfg.path("Entrypoint").isMissingNode() ? Json.mapper().nullNode() : cfg.get("Entrypoint"));
            o.put("User", cfg.path("User").asText(""));
            o.put("WorkingDir", cfg.path("WorkingDir").asText(""));
        });
        return o;
    }
}
