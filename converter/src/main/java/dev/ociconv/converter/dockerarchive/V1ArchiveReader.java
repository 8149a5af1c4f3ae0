package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.converter.io.EntryNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.LegacyLoadConfig;
import dev.ociconv.model.spec.Repositories;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a pre-Docker-1.10 {@code docker save} archive (no {@code manifest.json}: {@code repositories}
 * maps each tag to its top v1 layer, each {@code <id>/json} names its {@code parent}) the way
 * {@code docker load} still does (Docker 20.10, checked by the engine tests): walks each tag's
 * chain to its base, hashes every {@code layer.tar} (decompressed, as Docker does) for its
 * diffID, and rebuilds the image config ({@link LegacyLoadConfig}), whose digest is the image ID
 * Docker gives. The rebuilt configs are served from memory; the layers stay where they are.
 */
final class V1ArchiveReader {
    static final String REPOSITORIES = "repositories";
    /** Docker's own bound on a layer chain (image/v1: the legacy layer depth limit). */
    private static final int MAX_CHAIN = 127;
    private static final Pattern V1_ID = Pattern.compile("[0-9a-f]{64}");

    private final TarStore contents;
    private final ArchiveBlobs blobs;
    private final Limits limits;
    private final Map<String, Digest> diffIds = new HashMap<>();

    V1ArchiveReader(TarStore contents, ArchiveBlobs blobs, Limits limits) {
        this.contents = contents;
        this.blobs = blobs;
        this.limits = limits;
    }

    /** One image per distinct top layer, named by every tag that points at it; in name order. */
    List<ArchiveImage> read() throws IOException {
        String archive = contents.archive();
        byte[] bytes = contents.readSmall(REPOSITORIES, limits.maxArchiveIndexBytes(), REPOSITORIES);
        Repositories repositories = Repositories.parse(bytes, archive + ": " + REPOSITORIES);
        // Go iterates the map in random order; names sorted here so the output is reproducible
        Map<String, List<String>> namesByTop = new TreeMap<>();
        for (var repo : new TreeMap<>(repositories.asMap()).entrySet()) {
            for (var tag : new TreeMap<>(repo.getValue()).entrySet()) {
                namesByTop.computeIfAbsent(tag.getValue(), k -> new ArrayList<>()).add(repo.getKey() + ":" + tag.getKey());
            }
        }
        if (namesByTop.isEmpty()) {
            throw new IOException(archive + ": a pre-Docker-1.10 archive whose " + REPOSITORIES + " names no image");
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (var e : namesByTop.entrySet()) {
            images.add(image(images.size(), e.getKey(), e.getValue()));
        }
        return images;
    }

    private ArchiveImage image(int position, String top, List<String> names) throws IOException {
        String archive = contents.archive();
        List<String> chain = new ArrayList<>(); // top first
        List<byte[]> jsons = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id = top; id != null && !id.isEmpty(); ) {
            if (!V1_ID.matcher(id).matches()) {
                throw new IOException(archive + ": v1 layer ID '" + EntryNames.printable(id) + "' is not 64 hex digits");
            }
            if (!seen.add(id)) {
                throw new IOException(archive + ": v1 layer " + id + " is its own ancestor (a parent loop)");
            }
            if (chain.size() == MAX_CHAIN) {
                throw new IOException(archive + ": v1 layer chain of " + names.get(0) + " is longer than " + MAX_CHAIN);
            }
            String jsonPath = id + "/json";
            if (!contents.contains(jsonPath)) {
                throw new IOException(archive + ": v1 layer " + id + " has no json (" + names.get(0) + ")");
            }
            byte[] json = contents.readSmall(jsonPath, limits.maxConfigBytes(), jsonPath);
            JsonNode parent;
            try {
                parent = Json.parseTree(json, archive + ": " + jsonPath).get("parent");
            } catch (InvalidDocumentException ex) {
                throw new IOException(ex.getMessage(), ex);
            }
            chain.add(id);
            jsons.add(json);
            id = parent == null || parent.isNull() ? null : parent.asText();
        }
        Collections.reverse(chain);
        Collections.reverse(jsons);
        List<Digest> ids = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        for (String id : chain) {
            String layer = id + "/layer.tar";
            if (contents.findFile(layer).isEmpty()) {
                throw new IOException(archive + ": v1 layer " + id + " has no layer.tar");
            }
            ids.add(diffId(layer));
            layers.add(layer);
        }
        byte[] config;
        try {
            config = LegacyLoadConfig.make(jsons, ids, archive + ": " + top + "/json");
        } catch (InvalidDocumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
        RawDocument doc = RawDocument.of(config, MediaType.DOCKER_CONFIG);
        blobs.remember(doc.digest(), config);
        ImageConfig parsed = ImageConfig.parse(config, archive + ": config rebuilt from " + top + "/json");
        ArchiveManifestEntry entry = new ArchiveManifestEntry(doc.digest().hex() + ".json", names, layers, null, Map.of());
        Descriptor root = new Descriptor(MediaType.DOCKER_CONFIG, doc.digest(), config.length);
        return new ArchiveImage(position, names, "(rebuilt from " + top + "/json)", doc, parsed, layers, Map.of(), root,
                SaveAnnotations.ofImage(contents, entry, layers, limits));
    }

    /** The sha256 of the layer as Docker reads it: decompressed when compressed. Each layer is read once. */
    private Digest diffId(String layer) throws IOException {
        Digest known = diffIds.get(layer);
        if (known != null) {
            return known;
        }
        java.security.MessageDigest sha = Digest.newSha256();
        try (InputStream raw = contents.open(layer, "v1 layer " + layer);
             InputStream plain = Compressors.decompressSniffed(raw).stream();
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            plain.transferTo(sink);
        }
        Digest d = Digest.of(Digest.SHA256, sha.digest());
        diffIds.put(layer, d);
        return d;
    }
}
