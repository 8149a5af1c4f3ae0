package dev.ociconv.converter.fs;

import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our merged unpack against umoci's ({@code umoci unpack --rootless}) on an OCI layout written
 * here by hand: same paths, contents, permission bits and link targets.
 */
class UmociComparisonTest {
    @TempDir
    Path base;

    static final byte[] LOWER = new TarBuilder().dir("etc").file("etc/conf", "1").file("etc/secret", "s", 0600)
            .dir("bin").file("bin/sh", "#!sh", 0755).symlink("bin/bash", "sh").hardlink("bin/sh2", "bin/sh")
            .dir("var/cache", 0700).file("var/cache/old", "o").dir("opt").file("opt/gone", "g").build();
    static final byte[] UPPER = new TarBuilder().file("etc/conf", "2").file("var/cache/.wh..wh..opq", "")
            .file("var/cache/new", "n").file("opt/.wh.gone", "").symlink("abs", "/etc/conf")
            .dir("deep/er/still", 0750).file("deep/er/still/f", "f", 0640).build();

    private Path blob(Path layout, byte[] data) throws IOException {
        Path p = layout.resolve("blobs/sha256").resolve(Digest.sha256(data).hex());
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    private static String descriptor(String mediaType, byte[] data) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(data) + "\",\"size\":" + data.length + "}";
    }

    private Path writeLayout() throws IOException {
        Path layout = base.resolve("layout");
        Files.createDirectories(layout);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        blob(layout, LOWER);
        blob(layout, UPPER);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Digest.sha256(LOWER) + "\",\"" + Digest.sha256(UPPER) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        blob(layout, config);
        String layer = "application/vnd.oci.image.layer.v1.tar";
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config) + ","
                + "\"layers\":[" + descriptor(layer, LOWER) + "," + descriptor(layer, UPPER) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        blob(layout, manifest);
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"test\"}}]}";
        Files.writeString(layout.resolve("index.json"), index);
        return layout;
    }

    /** Path → type, permission bits, content or link target; the root itself left out. */
    static Map<String, String> picture(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.equals(root)) {
                    m.put(root.relativize(p).toString(), TreeSnapshot.describe(p, false));
                }
            }
        }
        return m;
    }

    @Test
    void sameTreeAsUmoci() throws Exception {
        Path umoci = Path.of("/usr/bin/umoci");
        Assumptions.assumeTrue(Files.isExecutable(umoci), "umoci not installed");
        Path layout = writeLayout();
        Path bundle = base.resolve("bundle");
        Process p = new ProcessBuilder(umoci.toString(), "unpack", "--rootless", "--image", layout + ":test",
                bundle.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), log);

        TestImage image = TestImage.of(LOWER, UPPER);
        Path ours = base.resolve("ours");
        Unpacker.unpack(image, image.node, ours, UnpackOptions.defaults().withAssumeRoot(false));

        Map<String, String> theirs = picture(bundle.resolve("rootfs"));
        assertEquals(theirs, picture(ours));
        assertEquals(Files.readAttributes(bundle.resolve("rootfs/bin/sh"), "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"),
                Files.readAttributes(bundle.resolve("rootfs/bin/sh2"), "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"));
        assertEquals(Files.getAttribute(ours.resolve("bin/sh"), "unix:ino"),
                Files.getAttribute(ours.resolve("bin/sh2"), "unix:ino"), "hardlink kept");
    }
}
