package dev.ociconv.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The platform of an image in an index,
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md#image-index-property-descriptions">image-index.md</a>.
 *
 * <pre>{"architecture": "arm64", "os": "linux", "variant": "v8"}</pre>
 */
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant) {

    public Platform {
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public Platform(String os, String architecture, String variant) {
        this(architecture, os, null, null, variant);
    }

    /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new IllegalArgumentException("invalid platform '" + text + "': expected os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** linux and the architecture of this JVM, in Go's names (amd64, arm64, ...). */
    public static Platform host() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        return new Platform("linux", goArch, null);
    }

    /**
     * True when this (wanted) platform accepts {@code candidate}: os and architecture equal, and
     * the variant equal when this one names a variant. arm64's default variant v8 equals none.
     */
    public boolean matches(Platform candidate) {
        if (candidate == null) {
            return false;
        }
        if (!Objects.equals(os, candidate.os) || !Objects.equals(architecture, candidate.architecture)) {
            return false;
        }
        if (variant == null || variant.isEmpty()) {
            return true;
        }
        return normalVariant(architecture, variant).equals(normalVariant(candidate.architecture, candidate.variant));
    }

    private static String normalVariant(String arch, String variant) {
        if (variant == null || variant.isEmpty()) {
            return "arm64".equals(arch) ? "v8" : "";
        }
        return variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
