package dev.ociconv.it.hostile;

import dev.ociconv.converter.cli.Main;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ociconv.it.hostile.HostileInputs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6's adversarial suite at the archive level: hostile outer tars, JSON documents and
 * layout blob stores (the layer-level half is {@code converter/.../fs/HostileLayersTest}). Each
 * input goes through {@code convert} (to OCI and to docker-archive), {@code unpack},
 * {@code inspect} and {@code validate} in-process, and each run must end in its expected
 * outcome with one error line, no stack trace, nothing written outside the target and no
 * partial output (see {@link Confinement}).
 */
public class HostileArchivesIT {
    /** One hostile input: how to build it, and the error fragment every command must print (null: confined success). */
    public record Case(String name, Builder builder, String error, Set<String> succeeding) {
        /** The same case where {@code commands} succeed: they never read the part that lies. */
        Case except(String... commands) {
            return new Case(name, builder, error, Set.of(commands));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    public interface Builder {
        /** Writes the input under {@code dir} and returns the path to give the CLI. */
        Path build(Path dir) throws IOException;
    }

    private static Case fails(String name, String errorRegex, Builder b) {
        return new Case(name, b, errorRegex, Set.of());
    }

    private static Case confined(String name, Builder b) {
        return new Case(name, b, null, Set.of());
    }

    private static Builder tar(TestTar t) {
        return dir -> t.writeTo(dir.resolve("in.tar"));
    }

    private static Builder bytes(byte[] data) {
        return dir -> Files.write(dir.resolve("in.tar"), data);
    }

    private static Builder docker(String manifestJson) {
        return tar(dockerArchive(manifestJson, CONFIG, LAYER));
    }

    private static Builder ociDirOf(String manifest, String index) {
        return dir -> ociDir(dir.resolve("layout"), manifest, index);
    }

    public static List<Case> cases() {
        String cfg = q(CONFIG_NAME);
        String lay = "[" + q(LAYER_NAME) + "]";
        String evil = "sha256:../../x";
        byte[] valid = dockerArchive().toBytes();
        String om = validOciManifest();
        byte[] omBytes = om.getBytes(StandardCharsets.UTF_8);
        List<Case> c = new ArrayList<>();
        c.add(confined("control: a valid docker save", tar(dockerArchive())));
        c.add(confined("control: a valid OCI layout", ociDirOf(om, indexOf(om))));
        // duplicates: readers disagree on which entry of a name counts (skopeo the first, docker load
        // the last), so any name that occurs twice, after normalisation, is refused by every command
        String dup = "occurs more than once";
        c.add(fails("duplicate manifest.json, the last one broken", dup,
                tar(dockerArchive().file("manifest.json", manifestJson(cfg, "[]", "")))));
        c.add(fails("duplicate manifest.json, the last one valid", dup,
                tar(dockerArchive(manifestJson(cfg, "[\"nowhere/layer.tar\"]", ""), CONFIG, LAYER).file("manifest.json", validManifestJson()))));
        c.add(fails("duplicate layer entry, the last one different", dup,
                tar(dockerArchive().file(LAYER_NAME, TestTar.create().file("evil", "x").toBytes()))));
        c.add(fails("duplicate layer entry, the first one different", dup,
                tar(TestTar.create().file(LAYER_NAME, TestTar.create().file("evil", "x").toBytes()).file(CONFIG_NAME, CONFIG)
                        .file(LAYER_NAME, LAYER).file("manifest.json", validManifestJson()))));
        c.add(fails("duplicate config entry, the last one different", dup,
                tar(dockerArchive().file(CONFIG_NAME, config("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")))));
        c.add(fails("duplicate as ./manifest.json", dup,
                tar(dockerArchive().file("./manifest.json", validManifestJson()))));
        c.add(fails("oci-archive: duplicate index.json", dup,
                tar(ociTar(om, indexOf(om)).file("index.json", indexOf(om)))));
        c.add(fails("oci-archive: duplicate blob, as ./blobs/…", dup,
                tar(ociTar(om, indexOf(om)).file("./blobs/sha256/" + DIFF_ID.hex(), LAYER))));
        c.add(fails("Config ../x", "\\.\\.|outside|invalid", docker(manifestJson(q("../x.json"), lay, ""))));
        c.add(fails("Config /etc/passwd", "/etc/passwd|absolute|invalid", docker(manifestJson(q("/etc/passwd"), lay, ""))));
        c.add(fails("Layers a/../../x", "\\.\\.|outside|invalid", docker(manifestJson(cfg, "[\"a/../../x\"]", ""))));
        c.add(fails("Layers /etc/passwd", "/etc/passwd|absolute|invalid", docker(manifestJson(cfg, "[\"/etc/passwd\"]", ""))));
        c.add(fails("layer.tar symlink to /etc/passwd", "symlink|link|not a regular file",
                tar(TestTar.create().file(CONFIG_NAME, CONFIG).symlink(LAYER_NAME, "/etc/passwd").file("manifest.json", validManifestJson()))));
        c.add(fails("layer.tar symlink ../../etc/passwd", "symlink|link|not a regular file",
                tar(TestTar.create().file(CONFIG_NAME, CONFIG).symlink(LAYER_NAME, "../../etc/passwd").file("manifest.json", validManifestJson()))));
        c.add(fails("layer.tar hardlink out of the archive", "link|not a regular file|no such|missing",
                tar(TestTar.create().file(CONFIG_NAME, CONFIG).hardlink(LAYER_NAME, "../../etc/passwd").file("manifest.json", validManifestJson()))));
        c.add(fails("layer.tar symlink loop", "symlink|link|loop|not a regular file",
                tar(TestTar.create().file(CONFIG_NAME, CONFIG).symlink(LAYER_NAME, "../l2/layer.tar").symlink("l2/layer.tar", "../l1/layer.tar")
                        .file("manifest.json", validManifestJson()))));
        c.add(fails("LayerSources key sha256:../../x", "digest|invalid", docker(manifestJson(cfg, lay,
                ",\"LayerSources\":{\"" + evil + "\":" + descriptor("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", evil, 1) + "}"))));
        c.add(fails("docker 25 index.json digest sha256:../../x", "digest|invalid",
                tar(dockerArchive().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                        .file("index.json", index("application/vnd.oci.image.manifest.v1+json", evil, 10, "")))));
        c.add(fails("oci-archive index.json digest sha256:../../x", "digest|invalid",
                tar(ociTar(om, index("application/vnd.oci.image.manifest.v1+json", evil, 10, "")))));
        c.add(fails("OCI layout: manifest layer digest sha256:../../x", "digest|invalid", ociDirOf(
                ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, evil, LAYER.length, ""),
                indexOf(ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, evil, LAYER.length, "")))));
        c.add(fails("OCI layout: config digest sha256:/etc/passwd", "digest|invalid", ociDirOf(
                ociManifest("sha256:/etc/passwd", CONFIG.length, DIFF_ID.toString(), LAYER.length, ""),
                indexOf(ociManifest("sha256:/etc/passwd", CONFIG.length, DIFF_ID.toString(), LAYER.length, "")))));
        c.add(fails("OCI layout: layer blob a symlink outside the layout", "symlink|link|outside|not a regular file",
                dir -> symlinkedBlob(dir, false)));
        c.add(fails("OCI layout: blobs/sha256 a symlink outside the layout", "symlink|link|outside|not a (regular file|directory)",
                dir -> symlinkedBlob(dir, true)));
        c.add(fails("OCI layout: index.json nested 10^5 deep", "nest|deep|depth", ociDirOf(om, nested(100_000))));
        c.add(fails("docker save: manifest.json nested 10^5 deep", "nest|deep|depth", docker(nested(100_000))));
        c.add(fails("OCI layout: a manifest with 'manifests'", "ambiguous", ociDirOf(
                ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length, ",\"manifests\":[]"),
                indexOf(ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length, ",\"manifests\":[]")))));
        c.add(fails("OCI layout: index.json with 'layers'", "ambiguous", ociDirOf(om,
                index("application/vnd.oci.image.manifest.v1+json", Digest.sha256(omBytes).toString(), omBytes.length, ",\"layers\":[]"))));
        c.add(fails("OCI layout: descriptor says index, blob is a manifest", "mediaType|media type|ambiguous|not an? (image )?index", ociDirOf(om,
                index("application/vnd.oci.image.index.v1+json", Digest.sha256(omBytes).toString(), omBytes.length, ""))));
        c.add(fails("OCI layout: manifest mediaType says Docker list", "mediaType|media type|not an image manifest", ociDirOf(
                om.replace("application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"),
                indexOf(om.replace("application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")))));
        c.add(fails("OCI layout: layer size smaller than the blob", "size|bytes|mismatch", ociDirOf(
                ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length - 512, ""),
                indexOf(ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length - 512, "")))).except("inspect"));
        c.add(fails("OCI layout: layer size larger than the blob", "size|bytes|mismatch|truncated|short", ociDirOf(
                ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length + 512, ""),
                indexOf(ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length + 512, "")))).except("inspect"));
        c.add(fails("OCI layout: manifest size lies", "size|bytes|mismatch", ociDirOf(om,
                index("application/vnd.oci.image.manifest.v1+json", Digest.sha256(omBytes).toString(), omBytes.length - 1, ""))));
        c.add(fails("config not JSON", "config|JSON|json", configCase("not json at all")));
        c.add(fails("config null", "config|JSON|json|object", configCase("null")));
        c.add(fails("config over the 4 MiB cap", "limit|large|MiB|bytes", configCase(
                "{\"pad\":\"" + "x".repeat(5 << 20) + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF_ID + "\"]}}")));
        c.add(fails("manifest.json over 1 MiB", "limit|large|MiB|bytes",
                docker(manifestJson(cfg, lay, ",\"Pad\":\"" + "x".repeat(2 << 20) + "\"")))
                // docker load reads manifest.json whole, without a cap: validate, which checks for docker load, agrees
                .except("validate"));
        c.add(fails("truncated in the middle of a layer", "truncated|EOF|end|short|premature",
                bytes(Arrays.copyOf(valid, valid.length / 2))));
        c.add(fails("tar size field base-256 huge", "size|tar|header|corrupt|invalid|EOF|truncated",
                bytes(withSizeField(valid, hugeBinarySize()))));
        c.add(fails("tar size field base-256 negative", "size|tar|header|corrupt|invalid|negative",
                bytes(withSizeField(valid, negativeBinarySize()))));
        c.add(fails("tar size field not octal", "size|tar|header|corrupt|invalid",
                bytes(withSizeField(valid, "9999999999z\0".getBytes(StandardCharsets.US_ASCII)))));
        c.add(fails("8 MiB PAX header", "path|long|limit|PAX|pax|header|large",
                tar(hugePax(dockerArchive(), 8 << 20))));
        c.add(fails("gzip of 256 MiB of zeros", "manifest.json|not|empty|recogni", dir -> {
            Path f = dir.resolve("in.tar.gz");
            gzipOfZeros(f, 256L << 20);
            return f;
        }));
        c.add(confined("trailing garbage after the tar end", bytes(concat(valid, "garbage after the end\n".repeat(100).getBytes(StandardCharsets.UTF_8)))));
        c.add(confined("10^5 tiny entries beside the image", dir -> {
            Path f = dir.resolve("in.tar");
            manyEntries(f, 100_000);
            return f;
        }));
        c.add(confined("oci-archive: 10^5 tiny entries beside the layout", dir -> {
            Path f = dir.resolve("in.tar");
            manyEntriesOci(f, 100_000);
            return f;
        }));
        c.add(fails("not a tar at all", "not|recogni|format|archive", bytes("just some text, not an archive\n".repeat(40).getBytes(StandardCharsets.UTF_8))));
        c.add(fails("an empty file", "empty|not|recogni|format", bytes(new byte[0])));
        c.add(fails("10 KiB of zeros", "empty|not|recogni|format|manifest", bytes(new byte[10 << 10])));
        c.add(fails("gzip of a valid archive cut short", "truncated|EOF|end|short|premature|Unexpected",
                bytes(Arrays.copyOf(TestTar.compress(valid, Compression.GZIP), TestTar.compress(valid, Compression.GZIP).length / 2))));
        return c;
    }

    private static Builder configCase(String json) {
        byte[] config = json.getBytes(StandardCharsets.UTF_8);
        String name = Digest.sha256(config).hex() + ".json";
        return tar(TestTar.create().file(name, config).file(LAYER_NAME, LAYER)
                .file("manifest.json", manifestJson(q(name), "[" + q(LAYER_NAME) + "]", "")));
    }

    /** A valid layout whose layer blob (or whole blobs/sha256) is a symlink to the same bytes outside it. */
    private static Path symlinkedBlob(Path dir, boolean wholeDirectory) throws IOException {
        String om = validOciManifest();
        Path layout = ociDir(dir.resolve("layout"), om, indexOf(om));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path blobs = layout.resolve("blobs/sha256");
        if (wholeDirectory) {
            Path moved = outside.resolve("sha256");
            Files.move(blobs, moved);
            Files.createSymbolicLink(blobs, moved);
        } else {
            Path blob = blobs.resolve(DIFF_ID.hex());
            Files.move(blob, outside.resolve(DIFF_ID.hex()));
            Files.createSymbolicLink(blob, outside.resolve(DIFF_ID.hex()));
        }
        return layout;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static final List<String[]> COMMANDS = List.of(
            new String[]{"convert", "IN", "TARGET", "--to", "oci", "-q"},
            new String[]{"convert", "IN", "TARGET", "--to", "docker-archive", "-q"},
            new String[]{"unpack", "IN", "TARGET"},
            new String[]{"inspect", "IN"},
            new String[]{"validate", "IN"});

    private static String savedTmpdir;

    @BeforeAll
    static void keepTmpdir() {
        savedTmpdir = System.getProperty("java.io.tmpdir");
    }

    @AfterAll
    static void restoreTmpdir() {
        System.setProperty("java.io.tmpdir", savedTmpdir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCommandEndsAsExpectedAndConfined(Case hostile, @TempDir Path root) throws Exception {
        Path input = hostile.builder().build(Files.createDirectories(root.resolve("in")));
        Confinement box = Confinement.around(root);
        // spool and temp files of the run land in the watched tree, so leftovers are seen
        System.setProperty("java.io.tmpdir", box.tmp().toString());
        try {
            for (String[] template : COMMANDS) {
                run(hostile, template, input, box);
            }
        } finally {
            System.setProperty("java.io.tmpdir", savedTmpdir);
        }
    }

    private static void run(Case hostile, String[] template, Path input, Confinement box) throws IOException {
        String[] args = template.clone();
        for (int i = 0; i < args.length; i++) {
            args[i] = args[i].replace("IN", input.toString()).replace("TARGET", box.target().toString());
        }
        var before = box.snapshot();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String what = hostile.name() + " / " + args[0] + " " + String.join(" ", List.of(args).subList(2, args.length))
                + " -> exit " + exit + " in " + ms + " ms\nstderr: " + err + "\nstdout: " + head(out.toString());
        System.out.println("[hostile] " + hostile.name() + " | " + args[0] + (args.length > 4 ? " " + args[4] : "")
                + " | exit " + exit + " | " + err.toString().strip());
        assertFalse(err.toString().contains("\tat ") || err.toString().contains("Exception:") && !err.toString().startsWith("ociconv: error: "),
                "no stack trace: " + what);
        boolean validate = args[0].equals("validate");
        if (hostile.error() == null || hostile.succeeding().contains(args[0])) {
            assertEquals(0, exit, what);
            assertEquals("", err.toString().strip().replaceAll("(?m)^ociconv: warning: .*$", "").strip(), what);
            box.assertOnlyTargetChanged(before, List.of(args).contains(box.target().toString()), what);
            box.clearTarget();
            return;
        }
        assertEquals(1, exit, what);
        String e = err.toString().strip();
        if (validate && e.isEmpty()) {
            // validate reports problems as findings on stdout, exit 1
            assertFalse(out.toString().isBlank(), what);
        } else {
            String[] lines = e.split("\n");
            assertEquals(1, lines.length, "one error line: " + what);
            assertTrue(lines[0].startsWith("ociconv: error: "), what);
            assertTrue(Pattern.compile(hostile.error(), Pattern.CASE_INSENSITIVE).matcher(lines[0]).find(), "expected /" + hostile.error() + "/: " + what);
        }
        box.assertUnchanged(before, what);
    }

    private static String head(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
