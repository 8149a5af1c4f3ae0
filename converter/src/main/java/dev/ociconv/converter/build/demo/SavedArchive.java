package dev.ociconv.converter.build.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo reads back from a {@code docker save} archive it wrote: {@code manifest.json}
 * as written, the config named there and the layer directories, bottom first.
 */
record SavedArchive(byte[] manifestJson, byte[] config, String configName, List<String> layerDirs) {
    private static final int MAX = 1 << 20;

    static SavedArchive read(Path tar) throws IOException {
        byte[] manifest = entry(tar, "manifest.json");
        JsonNode items = Json.parseTree(manifest, tar + ": manifest.json");
        if (!items.isArray() || items.size() != 1) {
            throw new IOException(tar + ": expected one image in manifest.json");
        }
        JsonNode item = items.get(0);
        String configName = item.path("Config").asText();
        List<String> dirs = new ArrayList<>();
        for (JsonNode layer : item.path("Layers")) {
            String path = layer.asText();
            dirs.add(path.substring(0, path.indexOf('/')));
        }
        return new SavedArchive(manifest, entry(tar, configName), configName, dirs);
    }

    /** A small entry's bytes (JSON files), read by a pass over the tar. */
    static byte[] entry(Path tar, String name) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                if (e.getName().equals(name) && e.isFile() && e.getSize() <= MAX) {
                    return t.readAllBytes();
                }
            }
        }
        throw new IOException(tar + ": no entry " + name);
    }
}
