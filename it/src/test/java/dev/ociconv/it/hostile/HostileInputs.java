package dev.ociconv.it.hostile;

import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builders of hostile archives and layouts at the archive level (the outer tar, its JSON
 * documents and a layout's blob store), around one small valid image: one layer holding
 * {@code hello.txt}, its config and the documents naming them.
 */
final class HostileInputs {
    static final byte[] LAYER = TestTar.create().mtime(1).file("hello.txt", "hi\n").toBytes();
    static final Digest DIFF_ID = Digest.sha256(LAYER);
    static final byte[] CONFIG = config("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + DIFF_ID + "\"]},\"config\":{}}");
    static final String CONFIG_NAME = Digest.sha256(CONFIG).hex() + ".json";
    static final String LAYER_NAME = "l1/layer.tar";

    private HostileInputs() {
    }

    static byte[] config(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code manifest.json} naming {@code config} and {@code layers} (already quoted JSON strings or raw JSON). */
    static String manifestJson(String config, String layers, String extra) {
        return "[{\"Config\":" + config + ",\"RepoTags\":[\"hostile:1\"],\"Layers\":" + layers + extra + "}]";
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    static String validManifestJson() {
        return manifestJson(q(CONFIG_NAME), "[" + q(LAYER_NAME) + "]", "");
    }

    /** The valid docker save archive's entries, to which a case adds or in which it replaces one. */
    static TestTar dockerArchive(String manifestJson, byte[] config, byte[] layer) {
        return TestTar.create().mtime(1).file(CONFIG_NAME, config).dir("l1/").file(LAYER_NAME, layer).file("manifest.json", manifestJson);
    }

    static TestTar dockerArchive() {
        return dockerArchive(validManifestJson(), CONFIG, LAYER);
    }

    // ---- OCI layouts ----

    /** Descriptor JSON. */
    static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    static String ociManifest(String configDigest, long configSize, String layerDigest, long layerSize, String extra) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", configDigest, configSize) + ",\"layers\":["
                + descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, layerSize) + "]" + extra + "}";
    }

    static String validOciManifest() {
        return ociManifest(Digest.sha256(CONFIG).toString(), CONFIG.length, DIFF_ID.toString(), LAYER.length, "");
    }

    static String index(String mediaType, String digest, long size, String extra) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"hostile:1\"}}]" + extra + "}";
    }

    static String indexOf(String manifest) {
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        return index("application/vnd.oci.image.manifest.v1+json", Digest.sha256(m).toString(), m.length, "");
    }

    /** An OCI layout directory with the valid config and layer, the given manifest and index. */
    static Path ociDir(Path dir, String manifest, String index) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(blobs.resolve(Digest.sha256(CONFIG).hex()), CONFIG);
        Files.write(blobs.resolve(DIFF_ID.hex()), LAYER);
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        Files.write(blobs.resolve(Digest.sha256(m).hex()), m);
        Files.writeString(dir.resolve("index.json"), index);
        return dir;
    }

    /** The same layout as an {@code oci-archive} tar. */
    static TestTar ociTar(String manifest, String index) {
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        return TestTar.create().mtime(1).file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").file("index.json", index)
                .file("blobs/sha256/" + Digest.sha256(CONFIG).hex(), CONFIG).file("blobs/sha256/" + DIFF_ID.hex(), LAYER)
                .file("blobs/sha256/" + Digest.sha256(m).hex(), m);
    }

    // ---- raw tar surgery ----

    /** A tar whose first header's size field says {@code field} (12 bytes, written as is), checksum fixed. */
    static byte[] withSizeField(byte[] tar, byte[] field) {
        byte[] out = tar.clone();
        System.arraycopy(field, 0, out, 124, 12);
        Arrays.fill(out, 148, 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += out[i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, out, 148, 8);
        return out;
    }

    /** A base-256 size field holding {@code 2^95 - 1}-ish: every byte 0xff after the marker bit. */
    static byte[] hugeBinarySize() {
        byte[] f = new byte[12];
        Arrays.fill(f, (byte) 0xff);
        f[0] = (byte) 0x80 | 0x7f;
        return f;
    }

    /** A base-256 size field that is negative. */
    static byte[] negativeBinarySize() {
        byte[] f = new byte[12];
        Arrays.fill(f, (byte) 0xff);
        return f;
    }

    /** A tar entry preceded by a PAX header of {@code paxBytes} bytes (one {@code path} record). */
    static TestTar hugePax(TestTar tar, int paxBytes) {
        String body = "path=" + "a".repeat(paxBytes - 20) + "\n";
        int len = body.length() + 2;
        while (Integer.toString(len).length() + 1 + body.length() != len) {
            len++;
        }
        byte[] record = (len + " " + body).getBytes(StandardCharsets.US_ASCII);
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/x", TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC);
        pax.setSize(record.length);
        return tar.entry(pax, record).file("x", "y");
    }

    /** {@code count} empty regular files, then the valid image: every name distinct. */
    static void manyEntries(Path file, int count) throws IOException {
        TestTar t = TestTar.create().mtime(1);
        for (int i = 0; i < count; i++) {
            t.file("junk/" + (i / 1000) + "/" + i, new byte[0]);
        }
        t.file(CONFIG_NAME, CONFIG).file(LAYER_NAME, LAYER).file("manifest.json", validManifestJson()).writeTo(file);
    }

    /** An {@code oci-archive} of {@code count} empty files beside the valid layout. */
    static void manyEntriesOci(Path file, int count) throws IOException {
        String m = validOciManifest();
        TestTar t = TestTar.create().mtime(1);
        for (int i = 0; i < count; i++) {
            t.file("junk/" + (i / 1000) + "/" + i, new byte[0]);
        }
        byte[] mb = m.getBytes(StandardCharsets.UTF_8);
        t.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").file("index.json", indexOf(m))
                .file("blobs/sha256/" + Digest.sha256(CONFIG).hex(), CONFIG).file("blobs/sha256/" + DIFF_ID.hex(), LAYER)
                .file("blobs/sha256/" + Digest.sha256(mb).hex(), mb).writeTo(file);
    }

    /** A gzip stream of {@code bytes} zero bytes (about 1000:1). */
    static void gzipOfZeros(Path file, long bytes) throws IOException {
        try (OutputStream out = TestTar.compress(Files.newOutputStream(file), Compression.GZIP)) {
            byte[] zeros = new byte[1 << 16];
            for (long n = 0; n < bytes; n += zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, bytes - n));
            }
        }
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
