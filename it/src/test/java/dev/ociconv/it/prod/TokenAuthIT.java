package dev.ociconv.it.prod;

import dev.ociconv.it.prod.FaultProxy.Fault;
import dev.ociconv.it.prod.FaultProxy.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A registry with {@code auth: token} and a token server from the test: scopes per user, a
 * pull-only user who cannot push, and 3-second tokens that expire during a slowed push.
 */
class TokenAuthIT {
    private static final long LIFETIME = 3;

    @TempDir
    static Path tmp;
    static TestPki pki;
    static TokenService tokens;
    static ProdRegistry registry;
    static FaultProxy slow;
    static Path image;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        pki = TestPki.create();
        Path bundle = Files.writeString(tmp.resolve("token-roots.pem"), TestPki.pem(pki.ca));
        tokens = new TokenService(pki.signingKeys.getPrivate(), pki.signing,
                Map.of("writer", "w-pw", "reader", "r-pw"),
                Map.of("writer", Set.of("pull", "push"), "reader", Set.of("pull")), LIFETIME);
        registry = ProdRegistry.start(ProdRegistry.Config.plain().token(tokens.realm(), TokenService.SERVICE,
                TokenService.ISSUER, bundle));
        slow = new FaultProxy("http://" + registry.hostPort());
        image = Images.archive(tmp, "token", 3, 51);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slow != null) {
            slow.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void writerPushesReaderPullsAndSkopeoJoinsBothWays() throws Exception {
        Cli cli = Cli.in(tmp);
        String ref = registry.hostPort() + "/tok/app:1";
        Cli.Result push = cli.ociconv("push", "--creds", "writer:w-pw", image.toString(), ref);
        assertEquals(0, push.exit(), push.toString() + registry.log());
        Path out = tmp.resolve("reader-pull");
        Cli.Result pull = cli.ociconv("pull", "--creds", "reader:r-pw", "--to", "oci", ref, out.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
        Interop.bothWays(cli, tmp, image, registry.hostPort() + "/tok/skopeo", List.of("--creds", "writer:w-pw"),
                List.of("--src-creds", "writer:w-pw", "--src-tls-verify=false"),
                List.of("--dest-creds", "writer:w-pw", "--dest-tls-verify=false"),
                List.of("--creds", "writer:w-pw", "--tls-verify=false"));
    }

    @Test
    void pullOnlyUserCannotPush() throws Exception {
        Cli.Result r = Cli.in(tmp).ociconv("push", "--creds", "reader:r-pw", image.toString(), registry.hostPort() + "/tok/denied:1");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("401") && r.errLines().get(0).contains("insufficient scope")
                && r.errLines().get(0).contains("push"), r.toString());
        System.out.println("TOKEN pull-only push refused: " + r.errLines().get(0));
    }

    @Test
    void tokensAreRenewedWhenTheyExpireDuringALongPush() throws Exception {
        // Every request through the proxy waits 250 ms: 12 layers take well over the 3 s lifetime.
        slow.add(Rule.of("GET", "/v2/", Fault.DELAY, 10_000).status(250, null));
        slow.add(Rule.of("HEAD", "/v2/", Fault.DELAY, 10_000).status(250, null));
        slow.add(Rule.of("POST", "/v2/", Fault.DELAY, 10_000).status(250, null));
        slow.add(Rule.of("PUT", "/v2/", Fault.DELAY, 10_000).status(250, null));
        slow.add(Rule.of("PATCH", "/v2/", Fault.DELAY, 10_000).status(250, null));
        Path many = Images.archiveWithBigFile(tmp, "long", 12, 3L << 20, 52);
        int before = tokens.issued();
        long t0 = System.nanoTime();
        Cli.Result push = Cli.in(tmp).ociconv("push", "--jobs", "2", "--compress", "none", "--creds", "writer:w-pw",
                many.toString(), slow.hostPort() + "/tok/long:1");
        double seconds = (System.nanoTime() - t0) / 1e9;
        slow.clearRules();
        assertEquals(0, push.exit(), push.toString());
        assertTrue(seconds > 2 * LIFETIME, "the push outlived the tokens: " + seconds + " s");
        int renewed = tokens.issued() - before;
        assertTrue(renewed > 2, "tokens were fetched again as they expired: " + renewed);
        System.out.printf("TOKEN long push %.1f s with %d s tokens: %d tokens issued%n", seconds, LIFETIME, renewed);
    }
}
