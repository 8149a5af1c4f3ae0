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

/**
 * An image index (OCI,
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md">image-index.md</a>)
 * or Docker manifest list. Also the shape of an OCI layout's {@code index.json}.
 *
 * <pre>{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
 *  "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:…",
 *                 "size": 7143, "platform": {"architecture": "ppc64le", "os": "linux"}}]}</pre>
 *
 * {@code "manifests": null} (Docker 25 writes it) reads as an empty list.
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndex(
        int schemaVersion,
        MediaType mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not 2");
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    @JsonCreator
    static ImageIndex fromJson(
            @JsonProperty(value = "schemaVersion", required = true) int schemaVersion,
            @JsonProperty("mediaType") MediaType mediaType,
            @JsonProperty("artifactType") String artifactType,
            @JsonProperty("manifests") List<Descriptor> manifests,
            @JsonProperty("subject") Descriptor subject,
            @JsonProperty("annotations") Map<String, String> annotations) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject, annotations);
    }

    public static ImageIndex of(MediaType mediaType, List<Descriptor> manifests) {
        return new ImageIndex(2, mediaType, null, manifests, null, null);
    }

    /**
     * Parses an index, rejecting ambiguous documents: one that also carries {@code layers} or
     * {@code config} (a manifest's fields) or whose {@code mediaType} names a manifest.
     */
    public static ImageIndex parse(byte[] bytes, String what) throws InvalidDocumentException {
        JsonNode tree = Json.parseTree(bytes, what);
        if (!tree.isObject()) {
            throw new InvalidDocumentException(what + ": index is not a JSON object");
        }
        if (tree.has("layers") || tree.has("config")) {
            throw new InvalidDocumentException(what + ": ambiguous document: an index with a 'layers' or 'config' field");
        }
        int listed = tree.path("manifests").size();
        if (listed > dev.ociconv.model.content.Limits.MAX_DESCRIPTORS) {
            throw new InvalidDocumentException(what + ": " + listed + " index entries, more than the limit of "
                    + dev.ociconv.model.content.Limits.MAX_DESCRIPTORS);
        }
        ImageIndex index = Json.parse(bytes, ImageIndex.class, what);
        if (index.mediaType != null && !index.mediaType.isIndex()) {
            throw new InvalidDocumentException(what + ": mediaType " + index.mediaType + " is not an index type");
        }
        return index;
    }
}
