package dev.ociconv.converter.explain;

import dev.ociconv.converter.explain.ArchiveExplanation.ImageExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.LayerExplanation;
import dev.ociconv.converter.explain.ArchiveExplanation.Verdict;
import dev.ociconv.converter.validate.ArchiveCatalog;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.GoJson;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.spec.V1Image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recomputes, for each layer of a {@code docker save} archive, what Docker computed to name its
 * directory (moby image/tarexport/save.go and image/v1/imagev1.go): the diffID, the ChainID, the
 * v1 JSON and its sha256, and compares that with the directory actually there.
 *
 * <pre>ArchiveExplanation e = ArchiveExplainer.explain(Path.of("testimage.tar"), -1);
 * e.images().get(0).layers().get(0).verdict();   // MATCHES</pre>
 */
public final class ArchiveExplainer {
    private static final Pattern V1_DIR = Pattern.compile("([0-9a-f]{64})/layer\\.tar");

    private ArchiveExplainer() {
    }

    /** @param listFiles keep up to this many changes per layer (negative: no listing) */
    public static ArchiveExplanation explain(Path archive, int listFiles) throws IOException {
        return explain(ArchiveCatalog.read(archive, listFiles));
    }

    public static ArchiveExplanation explain(ArchiveCatalog catalog) throws IOException {
        String src = catalog.description();
        ArchiveCatalog.Entry manifest = catalog.resolve("manifest.json")
                .orElseThrow(() -> new IOException(src + ": no manifest.json: not a docker save archive"));
        if (manifest.document() == null) {
            throw new IOException(src + ": manifest.json is not a JSON document");
        }
        List<ArchiveManifestEntry> entries = ArchiveManifestEntry.parseList(manifest.document(), src + ": manifest.json");
        ZoneOffset zone = zone(catalog, entries);
        List<ImageExplanation> images = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            images.add(image(catalog, entries.get(i), i, zone));
        }
        return new ArchiveExplanation(src, GoJson.offset(zone), images);
    }

    private static ImageExplanation image(ArchiveCatalog catalog, ArchiveManifestEntry e, int position, ZoneOffset zone)
            throws IOException {
        String what = catalog.description() + ": " + e.config();
        byte[] config = catalog.resolve(e.config()).map(ArchiveCatalog.Entry::document)
                .orElseThrow(() -> new IOException(what + ": config not in the archive"));
        List<Digest> diffIds = ImageConfig.parse(config, what).diffIds();
        if (diffIds.size() != e.layers().size()) {
            throw new IOException(what + ": " + e.layers().size() + " layers but " + diffIds.size()
                    + " diff_ids (run ociconv validate)");
        }
        List<Digest> chains = LegacyIds.chainIds(diffIds);
        V1Image top24 = V1Image.fromImageConfig(config, false, what);
        V1Image top25 = V1Image.fromImageConfig(config, true, what);
        List<LayerExplanation> layers = new ArrayList<>();
        Digest parent = null;
        boolean lowerDiffers = false;
        for (int i = 0; i < diffIds.size(); i++) {
            boolean top = i == diffIds.size() - 1;
            V1Image v1 = top ? top24 : V1Image.intermediate(zone);
            String input = LegacyIds.createIdInput(v1, chains.get(i), parent);
            Digest id = Digest.sha256(input.getBytes(StandardCharsets.UTF_8));
            String path = e.layers().get(i);
            var m = V1_DIR.matcher(path.startsWith("./") ? path.substring(2) : path);
            String dir = m.matches() ? m.group(1) : null;
            Verdict verdict;
            String reason = null;
            if (dir == null) {
                verdict = Verdict.NOT_V1_NAMED;
                reason = "not a <v1 id>/layer.tar path: this archive names layers otherwise (Docker 25+, Jib and "
                        + "go-containerregistry name them by digest), so no v1 ID is involved";
            } else if (dir.equals(id.hex())) {
                verdict = Verdict.MATCHES;
            } else if (top && dir.equals(LegacyIds.createId(top25, chains.get(i), parent).hex())) {
                verdict = Verdict.MATCHES_DOCKER25;
                input = LegacyIds.createIdInput(top25, chains.get(i), parent);
                id = Digest.sha256(input.getBytes(StandardCharsets.UTF_8));
            } else {
                verdict = Verdict.DIFFERS;
                reason = lowerDiffers
                        ? "a layer below already differs, and its v1 ID is this JSON's parent"
                        : differsReason(catalog, dir, top, zone);
            }
            lowerDiffers |= verdict == Verdict.DIFFERS;
            Optional<ArchiveCatalog.Entry> stored = catalog.resolve(path);
            Digest actual = stored.map(ArchiveCatalog.Entry::uncompressedDigest).orElse(null);
            String chainInput = i == 0 ? null : chains.get(i - 1) + " " + diffIds.get(i);
            String jsonFile = null;
            Boolean jsonSame = null;
            if (dir != null) {
                boolean as25 = verdict == Verdict.MATCHES_DOCKER25;
                byte[] written = LegacyIds.v1Layers(config, zone, as25, what).get(i).json();
                jsonFile = new String(written, StandardCharsets.UTF_8);
                jsonSame = catalog.resolve(dir + "/json").map(ArchiveCatalog.Entry::document)
                        .map(b -> java.util.Arrays.equals(b, written)).orElse(null);
            }
            layers.add(new LayerExplanation(i, top, path, dir, diffIds.get(i), actual, chainInput, chains.get(i), input,
                    id, verdict, reason, jsonFile, jsonSame, stored.map(ArchiveCatalog.Entry::listing).orElse(null)));
            parent = id; // Docker chains the IDs it computed
        }
        Digest imageId = catalog.resolve(e.config()).map(ArchiveCatalog.Entry::digest).orElse(null);
        return new ImageExplanation(position, e.repoTags(), e.config(), imageId, layers);
    }

    private static String differsReason(ArchiveCatalog catalog, String dir, boolean top, ZoneOffset zone) {
        if (top) {
            return "the top layer's v1 JSON is derived from the image config; a saver that is not Docker 24/25 "
                    + "(or a config Docker decodes differently) gives another name";
        }
        Optional<byte[]> json = catalog.resolve(dir + "/json").map(ArchiveCatalog.Entry::document);
        try {
            if (json.isPresent() && LegacyIds.epochZone(json.get()).isEmpty()) {
                return "its " + dir + "/json has no epoch 'created': not written by docker save's algorithm";
            }
        } catch (InvalidDocumentException ignored) {
            return "its " + dir + "/json is not valid JSON";
        }
        return "not Docker's algorithm, or a daemon time zone other than " + GoJson.offset(zone)
                + " (the epoch 'created' is rendered in the daemon's zone)";
    }

    /** The daemon's zone, read from the first intermediate layer's json that has an epoch 'created'. */
    private static ZoneOffset zone(ArchiveCatalog catalog, List<ArchiveManifestEntry> entries) {
        for (ArchiveManifestEntry e : entries) {
            for (int i = 0; i + 1 < e.layers().size(); i++) {
                var m = V1_DIR.matcher(e.layers().get(i));
                if (!m.matches()) {
                    continue;
                }
                Optional<byte[]> json = catalog.resolve(m.group(1) + "/json").map(ArchiveCatalog.Entry::document);
                try {
                    if (json.isPresent() && LegacyIds.epochZone(json.get()).isPresent()) {
                        return LegacyIds.epochZone(json.get()).get();
                    }
                } catch (InvalidDocumentException ignored) {
                    // a broken json says nothing about the zone; validate reports it
                }
            }
        }
        return ZoneOffset.UTC;
    }
}
