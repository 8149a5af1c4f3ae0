package dev.ociconv.converter.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates legacy {@code docker save} archives of random images, written with Commons Compress
 * and plain Jackson only (never with an ociconv writer), so they can be the oracle of reader and
 * round-trip tests. Deterministic for a seed.
 *
 * <pre>RandomImages.Archive a = new RandomImages(42).write(dir.resolve("x.tar"), RandomImages.Spec.of(3));
 * a.images().get(0).diffIds();   // what the config says, computed from the layer bytes written</pre>
 *
 * Layer tars are built in files beside the target (deleted afterwards), so a layer can be larger
 * than the heap.
 */
public final class RandomImages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Random random;

    public RandomImages(long seed) {
        this.random = new Random(seed);
    }

    /**
     * What to generate.
     *
     * @param images        number of images (all share the first layer, as real multi-image archives do)
     * @param layers        layers per image
     * @param filesPerLayer small random files in each layer
     * @param whiteouts     add a {@code .wh.} file and an opaque-dir marker to layers after the first
     * @param hardlinks     add a hard link to the layer's first file
     * @param longNames     add a file with a 200-character path (PAX header)
     * @param bigFileBytes  add one compressible file of this size to the last layer (0: none)
     * @param compression   whole-archive compression
     */
    public record Spec(int images, int layers, int filesPerLayer, boolean whiteouts, boolean hardlinks,
                       boolean longNames, long bigFileBytes, Compression compression) {
        public static Spec of(int layers) {
            return new Spec(1, layers, 3, false, false, false, 0, Compression.NONE);
        }

        public Spec withImages(int n) {
            return new Spec(n, layers, filesPerLayer, whiteouts, hardlinks, longNames, bigFileBytes, compression);
        }

        public Spec withExtras() {
            return new Spec(images, layers, filesPerLayer, true, true, true, bigFileBytes, compression);
        }

        public Spec withBigFile(long bytes) {
            return new Spec(images, layers, filesPerLayer, whiteouts, hardlinks, longNames, bytes, compression);
        }

        public Spec compressed(Compression c) {
            return new Spec(images, layers, filesPerLayer, whiteouts, hardlinks, longNames, bigFileBytes, c);
        }
    }

    /** One generated image: what a correct reader must find. */
    public record Image(List<String> repoTags, byte[] config, Digest imageId, List<Digest> diffIds,
                        List<String> layerPaths) {
    }

    /** A generated archive and its images, in manifest.json order. */
    public record Archive(Path file, List<Image> images, byte[] manifestJson) {
    }

    public Archive write(Path target, Spec spec) throws IOException {
        Path work = Files.createTempDirectory(target.toAbsolutePath().getParent(), "random-layers-");
        try {
            TestTar tar = TestTar.create();
            List<Image> images = new ArrayList<>();
            List<Map<String, Object>> manifest = new ArrayList<>();
            Map<String, Digest> written = new LinkedHashMap<>(); // v1 id → diffID, layers shared between images
            Path shared = null;
            Digest sharedDiffId = null;
            for (int i = 0; i < spec.images(); i++) {
                List<Digest> diffIds = new ArrayList<>();
                List<String> paths = new ArrayList<>();
                String parent = "";
                for (int l = 0; l < spec.layers(); l++) {
                    Path layer;
                    Digest diffId;
                    if (l == 0 && shared != null) {
                        layer = shared;
                        diffId = sharedDiffId;
                    } else {
                        layer = work.resolve("layer-" + i + "-" + l + ".tar");
                        boolean last = l == spec.layers() - 1;
                        diffId = writeLayer(layer, spec, l, last ? spec.bigFileBytes() : 0);
                        if (l == 0) {
                            shared = layer;
                            sharedDiffId = diffId;
                        }
                    }
                    String v1 = sha256Hex((parent + diffId).getBytes(StandardCharsets.UTF_8));
                    if (!written.containsKey(v1)) {
                        written.put(v1, diffId);
                        Map<String, Object> v1json = new LinkedHashMap<>();
                        v1json.put("id", v1);
                        if (!parent.isEmpty()) {
                            v1json.put("parent", parent);
                        }
                        v1json.put("created", "1970-01-01T00:00:00Z");
                        tar.dir(v1 + "/").file(v1 + "/VERSION", "1.0").file(v1 + "/json", JSON.writeValueAsBytes(v1json))
                                .file(v1 + "/layer.tar", layer);
                    }
                    diffIds.add(diffId);
                    paths.add(v1 + "/layer.tar");
                    parent = v1;
                }
                byte[] config = config(diffIds, i);
                Digest id = Digest.sha256(config);
                tar.file(id.hex() + ".json", config);
                List<String> tags = List.of("example.com/random/image" + i + ":v" + i);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Config", id.hex() + ".json");
                entry.put("RepoTags", tags);
                entry.put("Layers", paths);
                manifest.add(entry);
                images.add(new Image(tags, config, id, diffIds, paths));
            }
            byte[] manifestJson = JSON.writeValueAsBytes(manifest);
            tar.file("manifest.json", manifestJson);
            tar.writeTo(target, spec.compression());
            return new Archive(target, images, manifestJson);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(work);
        }
    }

    private byte[] config(List<Digest> diffIds, int n) throws IOException {
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds.stream().map(Digest::toString).toList());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2020-01-0" + (1 + n % 9) + "T00:00:00Z");
        config.put("config", Map.of("Env", List.of("RANDOM=" + random.nextLong())));
        config.put("rootfs", rootfs);
        return JSON.writeValueAsBytes(config);
    }

    /** Writes one layer tar and returns its sha256 (its diffID). */
    private Digest writeLayer(Path file, Spec spec, int index, long bigFile) throws IOException {
        TestTar layer = TestTar.create().dir("data" + index + "/");
        for (int f = 0; f < spec.filesPerLayer(); f++) {
            byte[] data = new byte[random.nextInt(2048)];
            random.nextBytes(data);
            layer.file("data" + index + "/file" + f + ".bin", data);
        }
        if (spec.hardlinks() && spec.filesPerLayer() > 0) {
            layer.hardlink("data" + index + "/hardlink", "data" + index + "/file0.bin");
        }
        if (spec.whiteouts() && index > 0) {
            layer.file("data" + (index - 1) + "/.wh.file0.bin", new byte[0]);
            layer.dir("opaque" + index + "/").file("opaque" + index + "/.wh..wh..opq", new byte[0]);
        }
        if (spec.longNames()) {
            layer.file("long/" + "n".repeat(200) + index, "long name");
        }
        if (bigFile > 0) {
            // compressible and streamed: a big layer neither sits in memory nor makes compressed archives big
            layer.file("big.bin", bigFile, () -> new PatternStream(bigFile));
        }
        layer.writeTo(file);
        MessageDigest sha = Digest.newSha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return new Digest("sha256", HexFormat.of().formatHex(sha.digest()));
    }

    private static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(Digest.newSha256().digest(data));
    }

    /** {@code size} bytes of a repeating pattern, generated on the fly. */
    private static final class PatternStream extends java.io.InputStream {
        private long left;
        private long position;

        PatternStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return (int) (position++ % 251);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ % 251);
            }
            left -= n;
            return n;
        }
    }
}
