package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.ociconv.it.prod.HostileRegistry.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image of 26,000 distinct layers (what a 4 MiB manifest holds: the cap is on bytes, and a
 * hostile manifest may spend them all on layers) copied by the real CLI in a child JVM with a
 * small heap: memory follows the manifest cap, not the layer count. Each output is read back by
 * a plain parse of its format (skopeo refuses a manifest.json over 1 MiB, so it cannot be the
 * reader here): every layer present, in order, with its digest. Prints {@code LAYERS} lines.
 */
class ManyLayersMemoryIT {
    private static final int LAYERS = 26_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path layout;
    static List<String> diffIds = new ArrayList<>();

    @BeforeAll
    static void image() throws IOException {
        layout = Files.createDirectories(dir.resolve("layout"));
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < LAYERS; i++) {
            byte[] tar = tar("f" + (i % 50), ("layer " + i + "\n").getBytes(StandardCharsets.UTF_8));
            String digest = sha256(tar);
            Files.write(blobs.resolve(digest.substring(7)), tar);
            diffIds.add(digest);
            layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
                    .append(digest).append("\",\"size\":").append(tar.length).append('}');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
                + JSON.writeValueAsString(diffIds) + "}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config) + "\",\"size\":"
                + config.length + "},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
        assertTrue(manifest.length <= 4 << 20, "within the manifest cap: " + manifest.length);
        Files.write(blobs.resolve(sha256(config).substring(7)), config);
        Files.write(blobs.resolve(sha256(manifest).substring(7)), manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + sha256(manifest) + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    }

    @ParameterizedTest(name = "{0} with -Xmx{1}m")
    @CsvSource({"oci, 64, 160", "docker-archive, 128, 240", "inspect, 96, 160"})
    void manyLayersInASmallHeap(String to, int heapMb, int maxRssMb, @TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        String[] args = switch (to) {
            case "oci" -> new String[]{"copy", "-q", "oci:" + layout + ":v1", "oci:" + out + ":v1"};
            case "docker-archive" -> new String[]{"copy", "-q", "oci:" + layout + ":v1", "docker-archive:" + out + ":many/layers:v1"};
            default -> new String[]{"inspect", "--json", "oci:" + layout + ":v1"};
        };
        long start = System.nanoTime();
        Cli.Running run = Cli.in(work).heap("-Xmx" + heapMb + "m").start(args);
        long peakKb = PeakRss.follow(run.process(), 300);
        Cli.Result res = run.await(300);
        System.out.printf("LAYERS | %s | %d layers | -Xmx%dm | %.1f s | peak RSS %d MB%n", to, LAYERS, heapMb,
                (System.nanoTime() - start) / 1e9, peakKb >> 10);
        assertEquals(0, res.exit(), res.toString());
        assertTrue(peakKb > 0 && peakKb <= (long) maxRssMb << 10, "peak RSS " + (peakKb >> 10) + " MB");
        switch (to) {
            case "oci" -> assertEquals(diffIds, layoutLayers(out));
            case "docker-archive" -> assertEquals(LAYERS, archiveLayers(out));
            default -> assertEquals(LAYERS, JSON.readTree(res.out()).path("images").path(0).path("platforms").path(0).path("layers").size());
        }
    }

    /** The layer digests of the layout's one image, each blob present with those bytes. */
    private static List<String> layoutLayers(Path out) throws IOException {
        JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
        String m = index.path("manifests").path(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(out.resolve("blobs/sha256/" + m.substring(7)).toFile());
        List<String> got = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            String d = l.path("digest").asText();
            assertEquals(d, sha256(Files.readAllBytes(out.resolve("blobs/sha256/" + d.substring(7)))));
            got.add(d);
        }
        return got;
    }

    /** How many layers manifest.json lists, each a layer.tar entry of the archive. */
    private static int archiveLayers(Path archive) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        byte[] manifestJson = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().equals("manifest.json")) {
                    manifestJson = tar.readNBytes(16 << 20);
                }
            }
        }
        assertTrue(manifestJson != null, "manifest.json");
        JsonNode layers = JSON.readTree(manifestJson).path(0).path("Layers");
        for (JsonNode l : layers) {
            assertTrue(names.contains(l.asText()), l.asText());
        }
        return layers.size();
    }

    private static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setModTime(0);
            t.putArchiveEntry(e);
            t.write(content);
            t.closeArchiveEntry();
        }
        return b.toByteArray();
    }
}
