package dev.ociconv.it.prod;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both directions with skopeo on one registry: skopeo pushes and ociconv pulls, ociconv pushes and
 * skopeo reads; the manifest digests must be equal.
 */
final class Interop {
    private Interop() {
    }

    /**
     * @param ociconvFlags  registry flags for ociconv ({@code --cert-dir D}, {@code --creds U:P})
     * @param skopeoSrc     the same for skopeo as a source ({@code --src-cert-dir}, {@code --src-creds})
     * @param skopeoDest    as a destination
     * @param skopeoInspect for {@code skopeo inspect}
     */
    static void bothWays(Cli cli, Path work, Path archive, String repoRef, List<String> ociconvFlags,
                         List<String> skopeoSrc, List<String> skopeoDest, List<String> skopeoInspect) throws IOException {
        // skopeo pushes, ociconv pulls.
        String bySkopeo = repoRef + ":by-skopeo";
        // OCI manifests, which an OCI layout keeps byte for byte (a Docker v2s2 one is converted on the way).
        Cli.Result sp = cli.skopeo(concat(List.of("copy", "--format", "oci"), skopeoDest, List.of("docker-archive:" + archive, "docker://" + bySkopeo)));
        assertEquals(0, sp.exit(), "skopeo push: " + sp);
        String skopeoDigest = inspectDigest(cli, bySkopeo, skopeoInspect);
        Path layout = work.resolve("pulled-" + System.nanoTime());
        Cli.Result op = cli.ociconv(concat(List.of("pull", "--to", "oci"), ociconvFlags, List.of(bySkopeo, layout.toString())));
        assertEquals(0, op.exit(), "ociconv pull: " + op);
        assertEquals(skopeoDigest, Images.layoutManifestDigest(layout), "manifest digest skopeo pushed vs ociconv pulled");

        // ociconv pushes, skopeo pulls.
        String byOciconv = repoRef + ":by-ociconv";
        Cli.Result push = cli.ociconv(concat(List.of("push"), ociconvFlags, List.of(archive.toString(), byOciconv)));
        assertEquals(0, push.exit(), "ociconv push: " + push);
        Path dir = work.resolve("skopeo-dir-" + System.nanoTime());
        Cli.Result sc = cli.skopeo(concat(List.of("copy"), skopeoSrc, List.of("docker://" + byOciconv, "dir:" + dir)));
        assertEquals(0, sc.exit(), "skopeo pull: " + sc);
        assertEquals(push.wroteDigest(), inspectDigest(cli, byOciconv, skopeoInspect), "manifest digest ociconv pushed vs skopeo read");
        assertEquals(push.wroteDigest(), "sha256:" + sha256(dir.resolve("manifest.json")));
    }

    static String inspectDigest(Cli cli, String ref, List<String> flags) throws IOException {
        Cli.Result r = cli.skopeo(concat(List.of("inspect", "--format", "{{.Digest}}"), flags, List.of("docker://" + ref)));
        assertEquals(0, r.exit(), "skopeo inspect: " + r);
        return r.out().strip();
    }

    static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (var in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream()); // streamed: blobs of any size
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(new String[0]);
    }
}
