package dev.ociconv.converter.build;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ImageBuilder} builds: a base (or scratch), one layer per {@link AddSpec}, and the
 * config fields a user may set.
 *
 * @param from         the base image as a location ({@code docker-archive:v1.tar}, {@code oci:dir:v1},
 *                     a plain path, {@code docker://…}); empty for {@code FROM scratch}
 * @param adds         the files to add, one layer each, bottom first
 * @param time         a fixed time (as {@code SOURCE_DATE_EPOCH}): config {@code created}, history
 *                     and every file's mtime; empty for "now" and the files' own mtimes
 * @param os           the image's {@code os}; empty keeps the base's ({@code linux} from scratch)
 * @param architecture the image's {@code architecture}; empty keeps the base's ({@code amd64} from scratch)
 * @param variant      the image's {@code variant}; empty keeps the base's
 * @param labels       labels added to {@code config.Labels}
 * @param cmd          {@code config.Cmd}, when set
 * @param entrypoint   {@code config.Entrypoint}, when set
 */
public record BuildSpec(
        Optional<String> from,
        List<AddSpec> adds,
        Optional<Instant> time,
        Optional<String> os,
        Optional<String> architecture,
        Optional<String> variant,
        Map<String, String> labels,
        Optional<List<String>> cmd,
        Optional<List<String>> entrypoint) {

    public BuildSpec {
        Objects.requireNonNull(from);
        adds = adds == null ? List.of() : List.copyOf(adds);
        Objects.requireNonNull(time);
        Objects.requireNonNull(os);
        Objects.requireNonNull(architecture);
        Objects.requireNonNull(variant);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Objects.requireNonNull(cmd);
        Objects.requireNonNull(entrypoint);
        cmd = cmd.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
    }

    /** {@code FROM scratch} with the given files, at the current time. */
    public static BuildSpec scratch(List<AddSpec> adds) {
        return new BuildSpec(Optional.empty(), adds, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    public BuildSpec withFrom(String base) {
        return new BuildSpec(Optional.ofNullable(base), adds, time, os, architecture, variant, labels, cmd, entrypoint);
    }

    public BuildSpec withTime(Instant t) {
        return new BuildSpec(from, adds, Optional.ofNullable(t), os, architecture, variant, labels, cmd, entrypoint);
    }

    public BuildSpec withPlatform(String newOs, String newArch, String newVariant) {
        return new BuildSpec(from, adds, time, Optional.ofNullable(newOs), Optional.ofNullable(newArch),
                Optional.ofNullable(newVariant), labels, cmd, entrypoint);
    }

    public BuildSpec withLabels(Map<String, String> newLabels) {
        return new BuildSpec(from, adds, time, os, architecture, variant, newLabels, cmd, entrypoint);
    }

    public BuildSpec withCmd(List<String> newCmd) {
        return new BuildSpec(from, adds, time, os, architecture, variant, labels, Optional.ofNullable(newCmd), entrypoint);
    }

    public BuildSpec withEntrypoint(List<String> newEntrypoint) {
        return new BuildSpec(from, adds, time, os, architecture, variant, labels, cmd, Optional.ofNullable(newEntrypoint));
    }
}
