package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A content descriptor,
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md">descriptor.md</a>.
 *
 * <pre>{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *  "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
 *  "size": 32654}</pre>
 *
 * The digest is validated on parse; a negative size is rejected. {@code data} (embedded content)
 * is kept as its base64 text so it round-trips.
 */
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "data", "platform", "artifactType"})
public record Descriptor(
        MediaType mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        String data,
        Platform platform,
        String artifactType) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "descriptor mediaType");
        Objects.requireNonNull(digest, "descriptor digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size " + size + " is negative");
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    @JsonCreator
    static Descriptor fromJson(
            @JsonProperty(value = "mediaType", required = true) MediaType mediaType,
            @JsonProperty(value = "digest", required = true) Digest digest,
            @JsonProperty(value = "size", required = true) Long size,
            @JsonProperty("urls") List<String> urls,
            @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("data") String data,
            @JsonProperty("platform") Platform platform,
            @JsonProperty("artifactType") String artifactType) {
        if (size == null) {
            throw new IllegalArgumentException("descriptor size missing");
        }
        return new Descriptor(mediaType, digest, size, urls, annotations, data, platform, artifactType);
    }

    public Descriptor(MediaType mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, data, platform, artifactType);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, newPlatform, artifactType);
    }

    public Descriptor withMediaType(MediaType newType) {
        return new Descriptor(newType, digest, size, urls, annotations, data, platform, artifactType);
    }

    public String annotation(String key) {
        return annotations.get(key);
    }
}
