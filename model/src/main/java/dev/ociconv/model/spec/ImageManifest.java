package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest: OCI
 * (<a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md">manifest.md</a>) or
 * Docker schema2 (same shape, Docker media types).
 *
 * <pre>{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:…", "size": 7023},
 *  "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:…", "size": 32654}]}</pre>
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record ImageManifest(
        int schemaVersion,
        MediaType mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public ImageManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not 2");
        }
        Objects.requireNonNull(config, "manifest config");
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    @JsonCreator
    static ImageManifest fromJson(
            @JsonProperty(value = "schemaVersion", required = true) int schemaVersion,
            @JsonProperty("mediaType") MediaType mediaType,
            @JsonProperty("artifactType") String artifactType,
            @JsonProperty(value = "config", required = true) Descriptor config,
            @JsonProperty("layers") List<Descriptor> layers,
            @JsonProperty("subject") Descriptor subject,
            @JsonProperty("annotations") Map<String, String> annotations) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject, annotations);
    }

    /**
     * Parses a manifest, rejecting ambiguous documents: one that also carries {@code manifests}
     * (an index's field) or whose {@code mediaType} names an index.
     */
    public static ImageManifest parse(byte[] bytes, String what) throws InvalidDocumentException {
        JsonNode tree = Json.parseTree(bytes, what);
        if (!tree.isObject()) {
            throw new InvalidDocumentException(what + ": manifest is not a JSON object");
        }
        if (tree.has("manifests")) {
            throw new InvalidDocumentException(what + ": ambiguous document: a manifest with a 'manifests' field");
        }
        int listed = tree.path("layers").size();
        if (listed > dev.ociconv.model.content.Limits.MAX_DESCRIPTORS) {
            throw new InvalidDocumentException(what + ": " + listed + " layers, more than the limit of "
                    + dev.ociconv.model.content.Limits.MAX_DESCRIPTORS);
        }
        ImageManifest m = Json.parse(bytes, ImageManifest.class, what);
        if (m.mediaType != null && !m.mediaType.isManifest()) {
            throw new InvalidDocumentException(what + ": mediaType " + m.mediaType + " is not an image manifest type");
        }
        return m;
    }
}
