package dev.ociconv.it.prod;

import dev.ociconv.it.prod.FaultProxy.Fault;
import dev.ociconv.it.prod.FaultProxy.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults between ociconv and a real registry, injected by {@link FaultProxy}: each test scripts
 * the proxy, runs the CLI through it and checks it survived (byte-identical result) or failed
 * with one clear line and nothing left behind. Prints a {@code FAULTS} line per scenario.
 */
class FaultsIT {
    private static final String BLOB = "/v2/faults/img/blobs/sha256:";
    private static final long BIG = 1L << 20;

    @TempDir
    static Path tmp;
    static ProdRegistry registry;
    static FaultProxy proxy;
    static Path image;
    static Map<String, byte[]> baseline;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        registry = ProdRegistry.start(ProdRegistry.Config.plain());
        proxy = new FaultProxy("http://" + registry.hostPort());
        image = Images.archiveWithBigFile(tmp, "faults", 2, 6L << 20, 31);
        Cli cli = Cli.in(tmp);
        Cli.Result push = cli.ociconv("push", "--compress", "none", image.toString(), registry.hostPort() + "/faults/img:1");
        assertEquals(0, push.exit(), push.toString());
        Path direct = tmp.resolve("direct");
        Cli.Result pull = cli.ociconv("pull", "--to", "oci", registry.hostPort() + "/faults/img:1", direct.toString());
        assertEquals(0, pull.exit(), pull.toString());
        baseline = blobs(direct);
        assertTrue(baseline.values().stream().anyMatch(b -> b.length > BIG), "a blob big enough to break half way");
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void clear() {
        proxy.clearRules();
    }

    static Map<String, byte[]> blobs(Path layout) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    Cli.Result pullThroughProxy(String name) throws IOException {
        return Cli.in(tmp).ociconv("pull", "--to", "oci", proxy.hostPort() + "/faults/img:1", tmp.resolve(name).toString());
    }

    void assertIdentical(String name) throws IOException {
        Map<String, byte[]> got = blobs(tmp.resolve(name));
        assertEquals(baseline.keySet(), got.keySet());
        baseline.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }

    static void report(String scenario, int injected, boolean survived) {
        System.out.println("FAULTS " + scenario + " injected=" + injected + " survived=" + (survived ? injected : 0));
    }

    @Test
    void connectionDroppedHalfWayResumesWithRange() throws Exception {
        proxy.add(Rule.of("GET", BLOB, Fault.DROP_HALF, 2).minBytes(BIG));
        int before = proxy.seen().size();
        Cli.Result r = pullThroughProxy("dropped");
        assertEquals(0, r.exit(), r.toString());
        assertIdentical("dropped");
        assertEquals(2, proxy.injected(Fault.DROP_HALF));
        assertTrue(proxy.seen().subList(before, proxy.seen().size()).stream().filter(s -> s.startsWith("GET " + BLOB)).count()
                > baseline.size(), "the broken blob was asked for again");
        report("drop-half-way", 2, true);
    }

    @Test
    void truncatedBodyIsResumed() throws Exception {
        proxy.add(Rule.of("GET", BLOB, Fault.TRUNCATE, 1).minBytes(BIG));
        Cli.Result r = pullThroughProxy("truncated");
        assertEquals(0, r.exit(), r.toString());
        assertIdentical("truncated");
        assertEquals(1, proxy.injected(Fault.TRUNCATE));
        report("truncated-body", 1, true);
    }

    @Test
    void rateLimitAndUnavailableBurstsAreWaitedOut() throws Exception {
        proxy.add(Rule.of("GET", "/v2/faults/img/manifests/", Fault.STATUS, 3).status(503, null));
        proxy.add(Rule.of("GET", BLOB, Fault.STATUS, 2).status(429, "Retry-After: 1"));
        long t0 = System.nanoTime();
        Cli.Result r = pullThroughProxy("throttled");
        assertEquals(0, r.exit(), r.toString());
        assertIdentical("throttled");
        assertEquals(5, proxy.injected(Fault.STATUS));
        assertTrue(System.nanoTime() - t0 > 1_000_000_000L, "Retry-After: 1 was honoured");
        report("429-and-503-bursts", 5, true);
    }

    @Test
    void persistentUnavailableEndsInAClearError() throws Exception {
        proxy.add(Rule.of("GET", "/v2/faults/img/manifests/", Fault.STATUS, 1000).status(503, null));
        proxy.add(Rule.of("HEAD", "/v2/faults/img/manifests/", Fault.STATUS, 1000).status(503, null));
        Cli.Result r = pullThroughProxy("unavailable");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("503"), r.toString());
        assertFalse(Files.exists(tmp.resolve("unavailable")), "no output left behind");
        report("persistent-503", proxy.injected(Fault.STATUS), false);
    }

    @Test
    void flippedByteIsADigestErrorWithNoOutput() throws Exception {
        proxy.add(Rule.of("GET", BLOB, Fault.FLIP_BYTE, 1000).minBytes(BIG));
        Cli.Result r = pullThroughProxy("flipped");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).toLowerCase().contains("digest"), r.toString());
        assertFalse(Files.exists(tmp.resolve("flipped")), "no output left behind");
        report("flipped-byte (detected, refused)", proxy.injected(Fault.FLIP_BYTE), false);
    }

    @Test
    void expiredUploadSessionIsReported() throws Exception {
        proxy.add(Rule.of("PATCH", "/v2/faults/up/blobs/uploads/", Fault.STATUS, 1).status(404, null));
        proxy.add(Rule.of("PUT", "/v2/faults/up/blobs/uploads/", Fault.STATUS, 1).status(404, null));
        Cli.Result r = Cli.in(tmp).ociconv("push", "--compress", "none", image.toString(), proxy.hostPort() + "/faults/up:1");
        int injected = proxy.injected(Fault.STATUS);
        assertTrue(injected >= 1, "the session expired: " + r);
        if (r.exit() != 0) {
            assertEquals(1, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            assertTrue(r.errLines().get(0).contains("404") && r.errLines().get(0).contains("BLOB_UPLOAD_UNKNOWN"), r.toString());
        }
        report("upload-session-404 (" + (r.exit() == 0 ? "restarted" : "reported") + ")", injected, r.exit() == 0);
    }
}
