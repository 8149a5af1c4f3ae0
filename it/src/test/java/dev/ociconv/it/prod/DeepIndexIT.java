package dev.ociconv.it.prod;

import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OCI layout whose index.json leads through a chain of indexes: 8 levels are copied, deeper
 * ones (9, and 5,000, which once overflowed the stack) are one short error line, exit 1, nothing
 * written; for copy, inspect and validate alike.
 */
class DeepIndexIT {
    @TempDir
    Path tmp;

    private static String sha(byte[] b) {
        return Digest.sha256(b).hex();
    }

    /** A layout: one tiny image under {@code levels} nested indexes. */
    private Path layout(int levels) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("deep-" + levels));
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] layer = new byte[1024]; // an empty tar: two zero blocks
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                + sha(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Files.write(blobs.resolve(sha(layer)), layer);
        Files.write(blobs.resolve(sha(config)), config);
        byte[] doc = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + sha(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:" + sha(layer)
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String type = "application/vnd.oci.image.manifest.v1+json";
        for (int i = 0; i < levels; i++) {
            Files.write(blobs.resolve(sha(doc)), doc);
            String child = "{\"mediaType\":\"" + type + "\",\"digest\":\"sha256:" + sha(doc) + "\",\"size\":" + doc.length
                    + (i == 0 ? ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}" : "") + "}";
            doc = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" + child + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            type = "application/vnd.oci.image.index.v1+json";
        }
        Files.write(blobs.resolve(sha(doc)), doc);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + type
                + "\",\"digest\":\"sha256:" + sha(doc) + "\",\"size\":" + doc.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"deep\"}}]}");
        return dir;
    }

    @ParameterizedTest(name = "{0} index levels")
    @CsvSource({"7, ok", "9, refused", "5000, refused"})
    void nestingIsCappedAtEight(int levels, String expected) throws Exception {
        Path in = layout(levels);
        Path out = tmp.resolve("out-" + levels);
        Cli cli = Cli.in(tmp).heap("-Xmx64m");
        for (List<String> args : List.of(List.of("copy", "--all", "oci:" + in + ":deep", "oci:" + out),
                List.of("inspect", "oci:" + in), List.of("validate", in.toString()))) {
            Cli.Result r = cli.ociconv(args.toArray(new String[0]));
            String what = String.join(" ", args) + ": " + r;
            assertFalse(r.err().contains("StackOverflowError") || r.err().contains("\tat "), what);
            if (expected.equals("ok")) {
                assertEquals(0, r.exit(), what);
                continue;
            }
            assertEquals(1, r.exit(), what);
            String all = r.out() + r.err();
            assertTrue(all.contains("indexes nested more than 8 deep"), what);
            assertTrue(r.errLines().stream().allMatch(l -> l.length() <= 500), what);
        }
        assertEquals(expected.equals("ok"), Files.exists(out), "output only when the copy succeeded");
    }
}
