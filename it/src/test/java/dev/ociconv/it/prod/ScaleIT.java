package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Many layers through a real registry with {@code --jobs 4} and a bounded heap ({@code -Xmx128m}).
 * The 1 GB layer case runs only with {@code -Pscale} (system property {@code ociconv.scale=true}).
 */
class ScaleIT {
    @TempDir
    static Path tmp;
    static ProdRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        registry = ProdRegistry.start(ProdRegistry.Config.plain());
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    void roundTrip(Path image, String repo) throws Exception {
        Cli cli = Cli.in(tmp).heap("-Xmx128m");
        String ref = registry.hostPort() + "/" + repo + ":1";
        long t0 = System.nanoTime();
        Cli.Result push = cli.ociconv("push", "--jobs", "4", image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        long t1 = System.nanoTime();
        Path out = tmp.resolve(repo.replace('/', '-'));
        Cli.Result pull = cli.ociconv("pull", "--jobs", "4", "--to", "oci", ref, out.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
        System.out.printf("SCALE %s push %.1f s, pull %.1f s (-Xmx128m, --jobs 4)%n", repo, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    @Test
    void sixtyLayers() throws Exception {
        roundTrip(Images.archive(tmp, "sixty", 60, 61), "scale/sixty");
    }

    @Test
    void oneGigabyteLayer() throws Exception {
        assumeTrue(Boolean.getBoolean("ociconv.scale"), "the 1 GB case runs with -Pscale");
        roundTrip(Images.archiveWithBigFile(tmp, "big", 1, 1L << 30, 62), "scale/big");
    }
}
