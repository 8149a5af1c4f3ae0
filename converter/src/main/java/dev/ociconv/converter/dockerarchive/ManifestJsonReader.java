package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code docker save} archive's {@code manifest.json} and each image's config, checking
 * what can be checked without reading layers: paths stay inside the archive, configs exist, are
 * within the limits, match the digest their name promises, parse, and have as many diff_ids as
 * the entry has layers.
 */
final class ManifestJsonReader {
    static final String MANIFEST_JSON = "manifest.json";

    private final TarStore contents;
    private final ArchiveBlobs blobs;
    private final Limits limits;

    ManifestJsonReader(TarStore contents, ArchiveBlobs blobs, Limits limits) {
        this.contents = contents;
        this.blobs = blobs;
        this.limits = limits;
    }

    List<ArchiveImage> read() throws IOException {
        String archive = contents.archive();
        if (!contents.contains(MANIFEST_JSON)) {
            var names = contents.entries().keySet();
            if (contents.contains(V1ArchiveReader.REPOSITORIES)
                    && ArchiveProbe.classify(names) == ArchiveProbe.Format.DOCKER_V1_ARCHIVE) {
                return new V1ArchiveReader(contents, blobs, limits).read(); // as docker load still reads it
            }
            throw new NotADockerArchiveException(archive + ": " + whyNoManifest(),
                    contents.headerCount() == 0 ? ArchiveProbe.Format.UNKNOWN : ArchiveProbe.classify(names));
        }
        byte[] bytes = contents.readSmall(MANIFEST_JSON, limits.maxArchiveIndexBytes(), MANIFEST_JSON);
        List<ArchiveManifestEntry> list = ArchiveManifestEntry.parseList(bytes, archive + ": " + MANIFEST_JSON);
        if (list.isEmpty()) {
            throw new IOException(archive + ": " + MANIFEST_JSON + " lists no images");
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            images.add(image(i, list.get(i)));
        }
        return images;
    }

    private String whyNoManifest() {
        var names = contents.entries().keySet();
        if (contents.headerCount() == 0) {
            return "empty archive: no manifest.json, not a docker save archive";
        }
        return switch (ArchiveProbe.classify(names)) {
            case DOCKER_V1_ARCHIVE -> "has no manifest.json and no repositories: v1 layer directories that name no image";
            case OCI_ARCHIVE -> "has no manifest.json: an OCI archive, not a docker save archive (read it as oci-archive:)";
            default -> "has no manifest.json: not a docker save archive";
        };
    }

    private ArchiveImage image(int i, ArchiveManifestEntry entry) throws IOException {
        String archive = contents.archive();
        String where = MANIFEST_JSON + " entry " + i;
        String configPath = ArchivePaths.reference(entry.config(), archive, where + " Config");
        byte[] configBytes = contents.readSmall(configPath, limits.maxConfigBytes(), "config");
        RawDocument config = RawDocument.of(configBytes, MediaType.DOCKER_CONFIG);
        Optional<Digest> promised = ArchiveBlobs.digestFromName(configPath);
        if (promised.isPresent()) {
            Digest actual = Digest.of(promised.get().algorithm(), promised.get().newMessageDigest().digest(configBytes));
            if (!actual.equals(promised.get())) {
                throw new IOException(archive + ": config " + EntryNames.printable(configPath) + " has digest " + actual
                        + ", not the one its name says");
            }
        }
        ImageConfig parsed = ImageConfig.parse(configBytes, archive + ": config " + EntryNames.printable(configPath));
        List<String> layers = new ArrayList<>();
        for (int l = 0; l < entry.layers().size(); l++) {
            layers.add(ArchivePaths.reference(entry.layers().get(l), archive, where + " layer " + l));
        }
        if (layers.size() != parsed.diffIds().size()) {
            throw new IOException(archive + ": " + where + " lists " + layers.size() + " layers but its config "
                    + EntryNames.printable(configPath) + " has " + parsed.diffIds().size() + " diff_ids");
        }
        for (int l = 0; l < layers.size(); l++) {
            // Follows links now (no data read) so a bad archive fails when opened, not mid-copy.
            if (contents.findFile(layers.get(l)).isEmpty() && !entry.layerSources().containsKey(parsed.diffIds().get(l))) {
                throw new IOException(archive + ": layer " + EntryNames.printable(layers.get(l)) + " is not in the archive");
            }
        }
        blobs.learn(config.digest(), configPath);
        Descriptor root = new Descriptor(MediaType.DOCKER_CONFIG, config.digest(), configBytes.length);
        return new ArchiveImage(i, entry.repoTags(), configPath, config, parsed, layers, entry.layerSources(), root,
                SaveAnnotations.ofImage(contents, entry, layers, limits));
    }
}
