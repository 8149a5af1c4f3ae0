package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static dev.ociconv.it.prod.HostileRegistry.send;
import static dev.ociconv.it.prod.HostileRegistry.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-registry table: one scripted misbehaviour per case, each run by the real CLI in a
 * child JVM with a 64 MiB heap and short timeouts (2 s idle, 2 s connect, a 1 KiB/s floor over
 * 2 s, one retry). Each must end with its exit status, exactly one short error line naming what
 * went wrong, nothing at the target, within its time bound and a bounded peak RSS. The table of
 * (case, exit, seconds, MB) is printed at the end ({@code HOSTILE} lines) for the note.
 */
class HostileRegistryIT {
    private static final String REPO = "/v2/hostile/app/";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** A valid layer: an empty tar (two zero blocks and padding), served uncompressed, so its digest is its diffID. */
    private static final byte[] LAYER = new byte[10240];
    private static final byte[] CONFIG = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\"" + sha256(LAYER) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] MANIFEST = manifest(1).getBytes(StandardCharsets.UTF_8);
    private static final long MAX_RSS_KB = 200L << 10;
    private static final Map<String, String> TABLE = new ConcurrentSkipListMap<>();

    @TempDir
    Path tmp;
    /** The port of SILENT_TOKEN_SERVER's token server. */
    private int tokenPort;

    /** A registry misbehaviour, what ociconv must say about it, and how long it may take (s). */
    enum Case {
        SILENT_MANIFEST("no answer from 127.0.0.1", 20),
        STALLED_BLOB_BODY("no answer from 127.0.0.1", 20),
        TRICKLING_BLOB("slower than 1024 bytes/s", 20),
        WRONG_BLOB_BYTES("digest sha256:", 15),
        ENDLESS_BLOB_BODY("more than", 15),
        BLOB_ALWAYS_CUT_SHORT("", 20),
        HUGE_MANIFEST("larger than the limit of 4194304", 15),
        ENDLESS_MANIFEST("larger than the limit of 4194304", 15),
        SCHEMA1_MANIFEST("Docker schema 1 manifests are not supported", 15),
        INDEX_NESTED_TOO_DEEP("indexes nested more than 8 deep", 15),
        INDEX_OF_10000_PLATFORMS("linux/arch9 and 9,990 more); choose one with --platform", 15),
        TOO_MANY_LAYERS("30001 layers, more than the limit of 30000", 15),
        REALM_ON_METADATA_ADDRESS("169.254.169.254", 15),
        REALM_NOT_HTTP("gopher", 15),
        SILENT_TOKEN_SERVER("no answer within 2 s", 25),
        ALWAYS_500("500", 20),
        ALWAYS_429("429", 25),
        TAGS_LINK_TO_ANOTHER_HOST("another", 15),
        TAGS_LINK_LOOP("", 15),
        UPLOAD_LOCATION_ON_ANOTHER_HOST("another", 15);

        final String fragment;
        final int seconds;

        Case(String fragment, int seconds) {
            this.fragment = fragment;
            this.seconds = seconds;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Case.class)
    void aHostileRegistryEndsInOneShortLine(Case c) throws Exception {
        List<AutoCloseable> servers = new ArrayList<>();
        try (HostileRegistry r = new HostileRegistry()) {
            script(c, r, servers);
            Path target = tmp.resolve("out");
            List<String> args = new ArrayList<>(switch (c) {
                case TAGS_LINK_TO_ANOTHER_HOST, TAGS_LINK_LOOP -> List.of("tags", r.hostPort() + "/hostile/app");
                case UPLOAD_LOCATION_ON_ANOTHER_HOST -> List.of("push", Images.archive(tmp, "src", 1, 7).toString(),
                        r.hostPort() + "/hostile/app:v1");
                case INDEX_OF_10000_PLATFORMS -> List.of("pull", "--to", "oci", "--platform", "linux/amd64",
                        r.hostPort() + "/hostile/app:v1", target.toString());
                default -> List.of("pull", "--to", "oci", r.hostPort() + "/hostile/app:v1", target.toString());
            });
            args.addAll(List.of("--read-timeout", "2", "--connect-timeout", "2", "--retry-times", "1", "--retry-delay", "0.2",
                    "--speed-limit", "1024", "--speed-time", "2"));
            Cli cli = Cli.in(tmp).heap("-Xmx64m");
            long start = System.nanoTime();
            Cli.Running run = cli.start(args.toArray(String[]::new));
            long peakKb = PeakRss.follow(run.process(), c.seconds + 30L);
            Cli.Result res = run.await(c.seconds + 30L);
            double seconds = (System.nanoTime() - start) / 1e9;
            TABLE.put(String.format("%02d", c.ordinal()), String.format("HOSTILE | %-32s | exit %d | %5.1f s | %4d MB | %s",
                    c, res.exit(), seconds, peakKb >> 10, res.errLines().isEmpty() ? "" : res.errLines().get(0)));

            assertEquals(1, res.exit(), res.toString());
            List<String> lines = res.errLines();
            assertEquals(1, lines.size(), "one line: " + res);
            String line = lines.get(0);
            assertTrue(line.startsWith("ociconv: error: ") && line.contains(c.fragment), line);
            if (c == Case.SILENT_TOKEN_SERVER) {
                assertTrue(line.contains(":" + tokenPort + "/token"), "names the token server, not the registry: " + line);
            }
            assertTrue(line.length() <= 500, "short: " + line.length() + " characters");
            assertFalse(res.err().contains("\tat ") || res.err().contains("Exception in"), "no stack trace: " + res.err());
            assertFalse(Files.exists(target), "nothing written at the target");
            assertTrue(seconds <= c.seconds, c + " took " + seconds + " s");
            assertTrue(peakKb > 0 && peakKb <= MAX_RSS_KB, "peak RSS " + (peakKb >> 10) + " MB");
        } finally {
            for (AutoCloseable s : servers) {
                s.close();
            }
        }
    }

    @AfterAll
    static void printTable() {
        TABLE.values().forEach(System.out::println);
    }

    private void script(Case c, HostileRegistry r, List<AutoCloseable> servers) throws IOException {
        String layer = REPO + "blobs/" + sha256(LAYER);
        String config = REPO + "blobs/" + sha256(CONFIG);
        HostileRegistry.Script manifest = ex -> send(ex, 200, OCI_MANIFEST, MANIFEST);
        HostileRegistry.Script blobs = ex -> {
            String p = ex.getRequestURI().getPath();
            byte[] b = p.equals(layer) ? LAYER : p.equals(config) ? CONFIG : null;
            if (b == null) {
                send(ex, 404, "application/json", new byte[0]);
            } else {
                send(ex, 200, "application/octet-stream", b);
            }
        };
        switch (c) {
            case SILENT_MANIFEST -> r.on(REPO + "manifests/", ex -> Thread.sleep(120_000));
            case STALLED_BLOB_BODY -> r.on(layer, ex -> {
                ex.sendResponseHeaders(200, LAYER.length);
                OutputStream out = ex.getResponseBody();
                out.write(LAYER, 0, 100);
                out.flush();
                Thread.sleep(120_000);
            }).on(REPO + "manifests/", manifest).on(REPO + "blobs/", blobs);
            case TRICKLING_BLOB -> r.on(layer, ex -> HostileRegistry.trickle(ex, "application/octet-stream", LAYER.length, 20))
                    .on(REPO + "manifests/", manifest).on(REPO + "blobs/", blobs);
            case WRONG_BLOB_BYTES -> r.on(layer, ex -> {
                byte[] flipped = LAYER.clone();
                flipped[5000] = 1;
                send(ex, 200, "application/octet-stream", flipped);
            }).on(REPO + "manifests/", manifest).on(REPO + "blobs/", blobs);
            case ENDLESS_BLOB_BODY -> r.on(layer, ex -> HostileRegistry.endless(ex, "application/octet-stream"))
                    .on(REPO + "manifests/", manifest).on(REPO + "blobs/", blobs);
            case BLOB_ALWAYS_CUT_SHORT -> r.on(layer, ex -> {
                ex.sendResponseHeaders(200, LAYER.length);
                ex.getResponseBody().write(LAYER, 0, 1000);
                ex.getResponseBody().flush();
                // and hang up: every try, resumed with Range or not, ends early
            }).on(REPO + "manifests/", manifest).on(REPO + "blobs/", blobs);
            case HUGE_MANIFEST -> r.on(REPO + "manifests/", ex -> send(ex, 200, OCI_MANIFEST,
                    ("{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(5 << 20) + "\"}").getBytes(StandardCharsets.UTF_8)));
            case ENDLESS_MANIFEST -> r.on(REPO + "manifests/", ex -> HostileRegistry.endless(ex, OCI_MANIFEST));
            case SCHEMA1_MANIFEST -> r.on(REPO + "manifests/", ex -> send(ex, 200, "application/vnd.docker.distribution.manifest.v1+prettyjws",
                    "{\"schemaVersion\":1,\"name\":\"hostile/app\",\"tag\":\"v1\",\"fsLayers\":[],\"history\":[],\"signatures\":[]}"
                            .getBytes(StandardCharsets.UTF_8)));
            case INDEX_NESTED_TOO_DEEP -> r.on(REPO + "manifests/", nestedIndexes(9));
            case INDEX_OF_10000_PLATFORMS -> {
                byte[] index = platforms(10_000);
                r.on(REPO + "manifests/v1", ex -> send(ex, 200, OCI_INDEX, index)).on(REPO + "manifests/", manifest);
            }
            case TOO_MANY_LAYERS -> r.on(REPO + "manifests/", ex -> send(ex, 200, OCI_MANIFEST,
                    // a one-letter media type: 30,001 real layer descriptors would not fit in 4 MiB
                    manifest(30_001).replace("application/vnd.oci.image.layer.v1.tar", "a").getBytes(StandardCharsets.UTF_8)));
            case REALM_ON_METADATA_ADDRESS -> r.on(REPO, challenge("http://169.254.169.254/latest/meta-data/token"));
            case REALM_NOT_HTTP -> r.on(REPO, challenge("gopher://127.0.0.1:70/token"));
            case SILENT_TOKEN_SERVER -> {
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                servers.add(silent);
                tokenPort = silent.getLocalPort();
                Thread t = new Thread(() -> {
                    List<java.net.Socket> held = Collections.synchronizedList(new ArrayList<>());
                    try {
                        while (true) {
                            held.add(silent.accept()); // accept, read nothing, answer nothing
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                });
                t.setDaemon(true);
                t.start();
                r.on(REPO, challenge("http://127.0.0.1:" + silent.getLocalPort() + "/token"));
            }
            case ALWAYS_500 -> r.on(REPO, ex -> send(ex, 500, "text/plain", "no".getBytes(StandardCharsets.UTF_8)));
            case ALWAYS_429 -> r.on(REPO, ex -> {
                ex.getResponseHeaders().set("Retry-After", "1");
                send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
            });
            case TAGS_LINK_TO_ANOTHER_HOST -> r.on(REPO + "tags/list", ex -> {
                ex.getResponseHeaders().set("Link", "<http://169.254.169.254/v2/hostile/app/tags/list?last=v1>; rel=\"next\"");
                send(ex, 200, "application/json", "{\"name\":\"hostile/app\",\"tags\":[\"v1\"]}".getBytes(StandardCharsets.UTF_8));
            });
            case TAGS_LINK_LOOP -> r.on(REPO + "tags/list", ex -> {
                ex.getResponseHeaders().set("Link", "</v2/hostile/app/tags/list?n=1>; rel=\"next\"");
                send(ex, 200, "application/json", "{\"name\":\"hostile/app\",\"tags\":[\"v1\"]}".getBytes(StandardCharsets.UTF_8));
            });
            case UPLOAD_LOCATION_ON_ANOTHER_HOST -> r.on(REPO + "blobs/uploads/", ex -> {
                ex.getResponseHeaders().set("Location", "http://169.254.169.254/v2/hostile/app/blobs/uploads/x");
                send(ex, 202, "text/plain", new byte[0]);
            });
        }
    }

    /** A Bearer challenge pointing token requests at {@code realm}. */
    private static HostileRegistry.Script challenge(String realm) {
        return ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"hostile\",scope=\"repository:hostile/app:pull\"");
            send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
        };
    }

    /** {@code depth} indexes each naming the next, the last naming the image. */
    private static HostileRegistry.Script nestedIndexes(int depth) {
        List<byte[]> docs = new ArrayList<>();
        byte[] child = MANIFEST;
        String childType = OCI_MANIFEST;
        docs.add(child);
        for (int i = 0; i < depth; i++) {
            child = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + childType
                    + "\",\"digest\":\"" + sha256(child) + "\",\"size\":" + child.length
                    + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(StandardCharsets.UTF_8);
            childType = OCI_INDEX;
            docs.add(child);
        }
        byte[] top = child;
        return ex -> {
            String ref = ex.getRequestURI().getPath().substring((REPO + "manifests/").length());
            byte[] doc = ref.equals("v1") ? top : docs.stream().filter(d -> sha256(d).equals(ref)).findFirst().orElse(null);
            if (doc == null) {
                send(ex, 404, "application/json", new byte[0]);
            } else {
                send(ex, 200, doc == MANIFEST ? OCI_MANIFEST : OCI_INDEX, doc);
            }
        };
    }

    /** An index of {@code n} images for {@code n} made-up architectures, none this machine's. */
    private static byte[] platforms(int n) {
        StringBuilder b = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(OCI_MANIFEST).append("\",\"digest\":\"")
                    .append(sha256(MANIFEST)).append("\",\"size\":").append(MANIFEST.length)
                    .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"arch").append(i).append("\"}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An OCI manifest of {@code layers} descriptors of {@link #LAYER}, with {@link #CONFIG}. */
    private static String manifest(int layers) {
        String d = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(LAYER) + "\",\"size\":"
                + LAYER.length + "}";
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + sha256(CONFIG) + "\",\"size\":" + CONFIG.length + "},\"layers\":["
                + String.join(",", Collections.nCopies(layers, d)) + "]}";
    }
}
