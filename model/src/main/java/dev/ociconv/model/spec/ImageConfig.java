package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.util.List;

/**
 * A read-only view of an image configuration,
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md">config.md</a>.
 * Only the fields ociconv reasons about; the document itself is always kept and copied as its
 * exact bytes (never re-serialised), so the image ID does not change.
 *
 * <pre>{"architecture": "amd64", "os": "linux", "created": "2015-10-31T22:22:56.015925234Z",
 *  "rootfs": {"type": "layers", "diff_ids": ["sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"]},
 *  "history": [{"created_by": "/bin/sh -c #(nop) ADD file:… in /"}]}</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        String architecture,
        String os,
        String variant,
        String created,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
    }

    @JsonCreator
    static ImageConfig fromJson(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("os") String os,
            @JsonProperty("variant") String variant,
            @JsonProperty("created") String created,
            @JsonProperty("rootfs") RootFs rootfs,
            @JsonProperty("history") List<History> history) {
        return new ImageConfig(architecture, os, variant, created, rootfs, history);
    }

    /** Parses a config and requires {@code rootfs} (docker load refuses an image without it). */
    public static ImageConfig parse(byte[] bytes, String what) throws InvalidDocumentException {
        ImageConfig c = Json.parse(bytes, ImageConfig.class, what);
        if (c.rootfs == null) {
            throw new InvalidDocumentException(what + ": image config has no rootfs");
        }
        return c;
    }

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    public Platform platform() {
        return new Platform(architecture, os, null, null, variant);
    }

    /** {@code "rootfs": {"type": "layers", "diff_ids": [...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }
    }

    /** One history entry; {@code empty_layer} entries have no layer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") boolean emptyLayer) {

        /** An absent {@code empty_layer} (most history entries) means false. */
        @JsonCreator
        static History fromJson(
                @JsonProperty("created") String created,
                @JsonProperty("created_by") String createdBy,
                @JsonProperty("author") String author,
                @JsonProperty("comment") String comment,
                @JsonProperty("empty_layer") Boolean emptyLayer) {
            return new History(created, createdBy, author, comment, Boolean.TRUE.equals(emptyLayer));
        }
    }
}
