package dev.ociconv.it.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The independent readers: skopeo (which reads and verifies every blob it copies) and umoci.
 * Every entry of a layout we wrote is checked, named or not: an entry is shown to the peers
 * through a view (a directory with its own one-entry index.json named {@code it} and the
 * layout's blobs linked), since skopeo 1.9 cannot pick an unnamed entry of a layout.
 */
final class Peers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Peers() {
    }

    record Run(int exit, String output) {
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static void assumeSkopeo() {
        Assumptions.assumeTrue(onPath("skopeo"), "skopeo is not installed");
    }

    static Run run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "peer-", ".log");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }

    static String ok(Path workDir, String... command) throws IOException, InterruptedException {
        Run r = run(workDir, List.of(command));
        assertEquals(0, r.exit(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    /** index.json of a layout, parsed. */
    static JsonNode index(Path layout) throws IOException {
        return JSON.readTree(layout.resolve("index.json").toFile());
    }

    /**
     * Has skopeo copy every entry of the layout (all platforms) to a {@code dir:}, and umoci
     * stat each OCI image manifest entry. Returns the entries' descriptors.
     */
    static List<JsonNode> verifyLayout(Path layout, Path work) throws IOException, InterruptedException {
        assumeSkopeo();
        List<JsonNode> entries = new ArrayList<>();
        JsonNode manifests = index(layout).path("manifests");
        assertTrue(manifests.size() > 0, "index.json of " + layout + " lists no image");
        verifyBlobs(layout);
        int i = 0;
        for (JsonNode entry : manifests) {
            Path view = view(layout, entry, work.resolve("view-" + i));
            String type = entry.path("mediaType").asText();
            entries.add(entry);
            i++;
            if (!type.startsWith("application/vnd.oci.")) {
                // skopeo 1.9's oci: transport only looks at OCI-typed index.json entries (a Docker
                // schema2 manifest kept as it was is skipped: "no descriptor found"); verifyBlobs covered it
                continue;
            }
            if (hasAbsentForeignLayer(layout, entry)) {
                // a foreign layer is referenced, not stored: skopeo can read the image's documents only
                ok(work, "skopeo", "--insecure-policy", "inspect", "oci:" + view + ":it");
                continue;
            }
            ok(work, "skopeo", "--insecure-policy", "copy", "--quiet", "--all", "oci:" + view + ":it",
                    "dir:" + work.resolve("skopeo-" + i));
            if (entry.path("mediaType").asText().equals("application/vnd.oci.image.manifest.v1+json") && onPath("umoci")) {
                String stat = ok(work, "umoci", "stat", "--image", view + ":it");
                assertTrue(stat.contains("LAYER") || stat.contains("History"), stat);
            }
        }
        return entries;
    }

    /** Every blob's content hashes to its name. */
    static void verifyBlobs(Path layout) throws IOException {
        try (var files = Files.list(layout.resolve("blobs").resolve("sha256"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.security.MessageDigest md;
                try {
                    md = java.security.MessageDigest.getInstance("SHA-256");
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
                try (var in = new java.security.DigestInputStream(Files.newInputStream(f), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                assertEquals(f.getFileName().toString(), java.util.HexFormat.of().formatHex(md.digest()), "blob " + f);
            }
        }
    }

    private static boolean hasAbsentForeignLayer(Path layout, JsonNode entry) throws IOException {
        Path blob = blob(layout, entry.path("digest").asText());
        JsonNode doc = JSON.readTree(blob.toFile());
        for (JsonNode l : doc.path("layers")) {
            if (l.path("mediaType").asText().contains("nondistributable") && !Files.exists(blob(layout, l.path("digest").asText()))) {
                return true;
            }
        }
        return false;
    }

    /** A layout holding only {@code entry}, named {@code it}, sharing the blobs of {@code layout}. */
    static Path view(Path layout, JsonNode entry, Path view) throws IOException {
        Files.createDirectories(view);
        Files.copy(layout.resolve("oci-layout"), view.resolve("oci-layout"));
        Files.createSymbolicLink(view.resolve("blobs"), layout.resolve("blobs").toAbsolutePath());
        ObjectNode named = entry.deepCopy();
        named.putObject("annotations").put("org.opencontainers.image.ref.name", "it");
        ObjectNode idx = JSON.createObjectNode();
        idx.put("schemaVersion", 2);
        idx.putArray("manifests").add(named);
        Files.write(view.resolve("index.json"), JSON.writeValueAsBytes(idx));
        return view;
    }

    /** The config digests of every image manifest reachable from the layout's index.json. */
    static List<String> configDigests(Path layout) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode e : index(layout).path("manifests")) {
            collectConfigs(layout, e, out);
        }
        return out;
    }

    private static void collectConfigs(Path layout, JsonNode d, List<String> out) throws IOException {
        Path blob = blob(layout, d.path("digest").asText());
        if (!Files.exists(blob)) {
            return; // a sparse index's absent child
        }
        JsonNode doc = JSON.readTree(blob.toFile());
        if (doc.has("manifests")) {
            for (JsonNode c : doc.path("manifests")) {
                collectConfigs(layout, c, out);
            }
        } else if (doc.has("config")) {
            out.add(doc.path("config").path("digest").asText());
        }
    }

    static Path blob(Path layout, String digest) {
        String[] parts = digest.split(":", 2);
        return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }
}
