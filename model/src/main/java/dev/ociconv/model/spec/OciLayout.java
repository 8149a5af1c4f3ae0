package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code oci-layout} marker file,
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md#oci-layout-file">image-layout.md</a>.
 *
 * <pre>{"imageLayoutVersion": "1.0.0"}</pre>
 */
public record OciLayout(String imageLayoutVersion) {
    public static final OciLayout CURRENT = new OciLayout("1.0.0");

    @JsonCreator
    public OciLayout(@JsonProperty(value = "imageLayoutVersion", required = true) String imageLayoutVersion) {
        if (imageLayoutVersion == null || !imageLayoutVersion.startsWith("1.")) {
            throw new IllegalArgumentException("unsupported imageLayoutVersion " + imageLayoutVersion);
        }
        this.imageLayoutVersion = imageLayoutVersion;
    }
}
