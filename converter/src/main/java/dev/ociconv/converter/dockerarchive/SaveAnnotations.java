package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.LegacyIds;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an archive says about how it was saved that OCI has no field for, as the annotations
 * {@link DockerArchiveSink} reads: the saving daemon's zone, the time of saving, tar mode type
 * bits and each image's {@code Parent}. Set on every entry root, they travel through an OCI layout
 * (in the manifest the copier authors) so that writing the archive again gives Docker's bytes.
 */
final class SaveAnnotations {
    private SaveAnnotations() {
    }

    /** Per image: {@code Parent} and the zone seen in a non-top layer's v1 json (legacy archives only). */
    static Map<String, String> ofImage(TarStore contents, ArchiveManifestEntry entry, List<String> layerPaths,
                                       Limits limits) {
        Map<String, String> out = new LinkedHashMap<>();
        zone(contents, layerPaths, limits).ifPresent(z -> out.put(LegacyIds.TIMEZONE_ANNOTATION, LegacyIds.zoneAnnotation(z)));
        if (entry.parent() != null && !entry.parent().isEmpty()) {
            out.put(DockerArchiveSink.PARENT_ANNOTATION, entry.parent());
        }
        return out;
    }

    /** For the whole archive: the time of saving when the headers tell it, the mode type bits and the owner names. */
    static Map<String, String> ofArchive(SavingTraces contents) {
        Map<String, String> out = new LinkedHashMap<>();
        contents.savedAtSeconds().ifPresent(s ->
                out.put(DockerArchiveSink.SAVED_AT_ANNOTATION, Instant.ofEpochSecond(s).toString()));
        out.put(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION, Boolean.toString(contents.modeTypeBits()));
        contents.ownerNames().ifPresent(o -> out.put(DockerArchiveSink.OWNER_ANNOTATION, o));
        return out;
    }

    /**
     * Intermediate layers' v1 json carry {@code created} = the Unix epoch in the daemon's local
     * time, so its offset is the zone. The top layer's json uses the image's own time: skipped.
     */
    private static Optional<ZoneOffset> zone(TarStore contents, List<String> layerPaths, Limits limits) {
        for (int i = 0; i < layerPaths.size() - 1; i++) {
            String path = layerPaths.get(i);
            int slash = path.indexOf('/');
            if (slash <= 0 || !path.substring(slash + 1).equals("layer.tar")) {
                continue;
            }
            String json = path.substring(0, slash) + "/json";
            try {
                if (contents.findFile(json).isEmpty()) {
                    continue;
                }
                Optional<ZoneOffset> z = LegacyIds.epochZone(contents.readSmall(json, limits.maxConfigBytes(), "v1 json"));
                if (z.isPresent()) {
                    return z;
                }
            } catch (IOException e) {
                return Optional.empty(); // a v1 json docker load never reads is no reason to refuse the archive
            }
        }
        return Optional.empty();
    }
}
