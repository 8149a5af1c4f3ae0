package dev.ociconv.converter.validate;

import dev.ociconv.converter.io.EntryNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.spec.Repositories;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code docker load} needs of a {@code docker save} archive (moby image/tarexport/load.go):
 * a {@code manifest.json} array whose entries name a config inside the archive, a config with
 * {@code rootfs}, as many layers as {@code diff_ids} with each layer's diffID right, tagged
 * {@code RepoTags}; and, when present, {@code repositories} and the v1 directories consistent.
 */
final class DockerArchiveChecks {
    private static final Pattern V1_ID = Pattern.compile("[0-9a-f]{64}");
    private static final String MANIFEST = "manifest.json";

    private final ArchiveCatalog catalog;
    private final Findings f;
    /** tag (familiar, with tag) → v1 directory of its top layer, from manifest.json */
    private final Map<String, String> topDirByTag = new HashMap<>();

    DockerArchiveChecks(ArchiveCatalog catalog, Findings findings) {
        this.catalog = catalog;
        this.f = findings;
    }

    void run() {
        f.formats.add("docker-archive");
        Optional<ArchiveCatalog.Entry> manifest = catalog.resolve(MANIFEST);
        if (manifest.isEmpty() || manifest.get().document() == null) {
            f.problem(MANIFEST, manifest.isEmpty() ? catalog.describeMissing(MANIFEST) : "not a JSON document");
            return;
        }
        JsonNode tree;
        try {
            tree = Json.parseTree(manifest.get().document(), MANIFEST);
        } catch (InvalidDocumentException e) {
            f.problem(MANIFEST, stripWhat(e.getMessage(), MANIFEST));
            return;
        }
        if (!tree.isArray()) {
            f.problem(MANIFEST, "expected a JSON array of images, found " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
            return;
        }
        for (int i = 0; i < tree.size(); i++) {
            checkEntry(tree.get(i), MANIFEST + "[" + i + "]");
        }
        checkRepositories();
        checkV1Directories();
    }

    private void checkEntry(JsonNode node, String where) {
        f.images++;
        ArchiveManifestEntry entry;
        try {
            byte[] one = ("[" + node + "]").getBytes(StandardCharsets.UTF_8);
            entry = ArchiveManifestEntry.parseList(one, where).get(0);
        } catch (InvalidDocumentException e) {
            f.problem(where, stripWhat(e.getMessage().replace(where + " entry 0", where), where));
            return;
        }
        for (String tag : entry.repoTags()) {
            if (!ImageName.isTagged(tag)) {
                f.problem(where + ".RepoTags", "'" + EntryNames.printable(tag) + "' is not a tagged reference (NAME:TAG)");
            }
        }
        Optional<ArchiveCatalog.Entry> config = catalog.resolve(entry.config());
        if (config.isEmpty()) {
            f.problem(where + ".Config", "'" + EntryNames.printable(entry.config()) + "' " + catalog.describeMissing(entry.config()));
            return;
        }
        f.blobsChecked.add(config.get().digest().toString());
        if (config.get().document() == null) {
            f.problem(entry.config(), config.get().size() > ArchiveCatalog.DOCUMENT_CAP
                    ? "config of " + config.get().size() + " bytes is over ociconv's " + (ArchiveCatalog.DOCUMENT_CAP >> 20)
                            + " MiB limit for JSON documents (docker load has none)"
                    : "config is not a JSON document");
            return;
        }
        List<Digest> diffIds = diffIds(config.get().document(), entry.config());
        if (diffIds == null) {
            return;
        }
        if (diffIds.size() != entry.layers().size()) {
            f.problem(where + ".Layers", entry.layers().size() + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        for (int l = 0; l < entry.layers().size(); l++) {
            checkLayer(entry, l, l < diffIds.size() ? diffIds.get(l) : null, where + ".Layers[" + l + "]");
        }
        if (!entry.layers().isEmpty()) {
            String top = entry.layers().get(entry.layers().size() - 1);
            int slash = top.indexOf('/');
            if (slash > 0) {
                for (String tag : entry.repoTags()) {
                    if (ImageName.isTagged(tag)) {
                        topDirByTag.put(tag, top.substring(0, slash));
                    }
                }
            }
        }
    }

    /** The config's diff_ids, or null (after saying why) when it has no usable rootfs. */
    private List<Digest> diffIds(byte[] config, String name) {
        try {
            JsonNode tree = Json.parseTree(config, name);
            JsonNode rootfs = tree.isObject() ? tree.get("rootfs") : null;
            if (rootfs == null || rootfs.isNull()) {
                f.problem(name, "config has no rootfs");
                return null;
            }
            JsonNode diffIds = rootfs.path("diff_ids");
            // absent or null diff_ids: zero layers (BuildKit writes that for an empty image; docker load accepts it)
            if (!rootfs.isObject() || !(diffIds.isArray() || diffIds.isNull() || diffIds.isMissingNode())) {
                f.problem(name, "config rootfs.diff_ids is not an array");
                return null;
            }
            return ImageConfig.parse(config, name).diffIds();
        } catch (InvalidDocumentException e) {
            f.problem(name, stripWhat(e.getMessage(), name));
            return null;
        }
    }

    private void checkLayer(ArchiveManifestEntry entry, int index, Digest expected, String where) {
        String path = entry.layers().get(index);
        Optional<ArchiveCatalog.Entry> layer = catalog.resolve(path);
        if (layer.isEmpty()) {
            Descriptor foreign = expected == null ? null : entry.layerSources().get(expected);
            if (foreign != null) {
                // docker load does not fetch a foreign layer: it opens the file Layers names (Docker
                // 20.10: "open …/<digest>.tar.gz: no such file or directory"), so the archive cannot load
                f.problem(where, "'" + EntryNames.printable(path) + "' absent: foreign layer " + foreign.digest()
                        + " (LayerSources); docker load needs the file in the archive and does not fetch it");
            } else {
                f.problem(where, "'" + EntryNames.printable(path) + "' " + catalog.describeMissing(path));
            }
            return;
        }
        ArchiveCatalog.Entry e = layer.get();
        f.blobsChecked.add(e.digest().toString());
        if (expected == null) {
            return; // the count mismatch was said already
        }
        if (e.uncompressedDigest() == null) {
            f.problem(where, "'" + path + "' cannot be decompressed (" + e.compression().displayName() + ")");
        } else if (!e.uncompressedDigest().equals(expected)) {
            f.problem(where, "'" + path + "' has diffID " + e.uncompressedDigest() + " but the config says " + expected);
        }
    }

    private void checkRepositories() {
        Optional<ArchiveCatalog.Entry> file = catalog.resolve("repositories");
        if (file.isEmpty()) {
            return;
        }
        if (file.get().document() == null) {
            f.problem("repositories", "not a JSON document");
            return;
        }
        Repositories repos;
        try {
            repos = Repositories.parse(file.get().document(), "repositories");
        } catch (InvalidDocumentException e) {
            f.problem("repositories", stripWhat(e.getMessage(), "repositories"));
            return;
        }
        repos.asMap().forEach((repo, tags) -> tags.forEach((tag, id) -> {
            String where = "repositories[" + repo + ":" + tag + "]";
            if (!V1_ID.matcher(id).matches()) {
                f.problem(where, "'" + EntryNames.printable(id) + "' is not a v1 ID (64 hex digits)");
            } else if (!catalog.hasDirectory(id)) {
                f.problem(where, "v1 directory " + id + " is not in the archive");
            } else {
                String top = topDirByTag.get(repo + ":" + tag);
                if (top != null && !top.equals(id)) {
                    f.problem(where, id + " is not the top layer directory " + top + " that manifest.json gives this tag");
                }
            }
        }));
    }

    /** Every {@code <64 hex>/json} must carry its own directory's id, and a parent that exists. */
    private void checkV1Directories() {
        for (ArchiveCatalog.Entry e : catalog.entries()) {
            String[] parts = e.name().split("/");
            if (parts.length != 2 || !parts[1].equals("json") || !V1_ID.matcher(parts[0]).matches()) {
                continue;
            }
            Optional<ArchiveCatalog.Entry> json = catalog.resolve(e.name());
            if (json.isEmpty() || json.get().document() == null) {
                f.problem(e.name(), "not a JSON document");
                continue;
            }
            try {
                JsonNode v1 = Json.parseTree(json.get().document(), e.name());
                String id = v1.path("id").asText("");
                if (!id.equals(parts[0])) {
                    f.problem(e.name(), "id '" + EntryNames.printable(id) + "' differs from its directory name");
                }
                String parent = v1.path("parent").asText("");
                if (!parent.isEmpty() && !catalog.hasDirectory(parent)) {
                    f.problem(e.name(), "parent " + EntryNames.printable(parent) + " is not a directory of the archive");
                }
            } catch (InvalidDocumentException ex) {
                f.problem(e.name(), stripWhat(ex.getMessage(), e.name()));
            }
        }
    }

    /** Messages of the model's parsers start with the name we gave them; the report says it once. */
    static String stripWhat(String message, String what) {
        String m = message == null ? "invalid" : message;
        return m.startsWith(what + ": ") ? m.substring(what.length() + 2) : m;
    }
}
