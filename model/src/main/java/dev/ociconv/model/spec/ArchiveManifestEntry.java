package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a {@code docker save} archive's {@code manifest.json} (moby image/tarexport).
 *
 * <pre>[{"Config": "8d6e….json", "RepoTags": ["testuser/testimage:v1"],
 *   "Layers": ["d38166…/layer.tar"], "LayerSources": {"sha256:…": {descriptor}}}]</pre>
 *
 * <p>Key case: Docker writes {@code Config}, {@code RepoTags}, {@code Layers}; Jib writes
 * {@code config}, {@code repoTags}, {@code layers}. Docker's own loader (Go's encoding/json)
 * matches keys case-insensitively, so we do too; a document that spells one key two ways is
 * ambiguous and rejected. {@code RepoTags: null} and {@code Layers: null} read as empty lists.
 */
@JsonPropertyOrder({"Config", "RepoTags", "Layers", "Parent", "LayerSources"})
public record ArchiveManifestEntry(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> repoTags,
        @JsonProperty("Layers") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> layers,
        @JsonProperty("Parent") String parent,
        @JsonProperty("LayerSources") Map<Digest, Descriptor> layerSources) {

    private static final Set<String> KEYS = Set.of("Config", "RepoTags", "Layers", "Parent", "LayerSources");

    public ArchiveManifestEntry {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        layers = layers == null ? List.of() : List.copyOf(layers);
        layerSources = layerSources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(layerSources));
    }

    /** Parses a whole {@code manifest.json}: a JSON array of entries. */
    public static List<ArchiveManifestEntry> parseList(byte[] bytes, String what) throws InvalidDocumentException {
        JsonNode tree = Json.parseTree(bytes, what);
        if (!tree.isArray()) {
            throw new InvalidDocumentException(what + ": expected a JSON array of images, found " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<ArchiveManifestEntry> entries = new ArrayList<>();
        int i = 0;
        for (JsonNode node : tree) {
            String where = what + " entry " + i++;
            if (!node.isObject()) {
                throw new InvalidDocumentException(where + ": not a JSON object");
            }
            ObjectNode canonical = Json.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = canonicalKey(field.getKey());
                if (canonical.has(key)) {
                    throw new InvalidDocumentException(where + ": key " + key + " appears twice in different case");
                }
                canonical.set(key, field.getValue());
            }
            if (!canonical.hasNonNull("Config") || !canonical.get("Config").isTextual()) {
                throw new InvalidDocumentException(where + ": Config is missing");
            }
            try {
                entries.add(Json.mapper().treeToValue(canonical, ArchiveManifestEntry.class));
            } catch (Exception e) {
                throw new InvalidDocumentException(where + ": " + Json.describe(e), e);
            }
        }
        return entries;
    }

    private static String canonicalKey(String key) {
        for (String k : KEYS) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return key;
    }
}
