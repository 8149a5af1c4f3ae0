package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * skopeo's per-side flags: a copy from a registry behind user A to one behind user B, which one
 * set of credentials cannot express; skopeo reads the result with B's credentials.
 */
class PerSideCredentialsIT {
    @TempDir
    static Path tmp;
    static ProdRegistry a;
    static ProdRegistry b;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        a = ProdRegistry.start(ProdRegistry.Config.plain().htpasswd(Htpasswd.write(tmp.resolve("a.htpasswd"), Map.of("alice", "pw-a"))));
        b = ProdRegistry.start(ProdRegistry.Config.plain().htpasswd(Htpasswd.write(tmp.resolve("b.htpasswd"), Map.of("bob", "pw-b"))));
        Path image = Images.archive(tmp, "sides", 2, 51);
        Cli.Result push = Cli.in(tmp).ociconv("push", "--creds", "alice:pw-a", image.toString(), a.hostPort() + "/side/src:1");
        assertEquals(0, push.exit(), push.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ProdRegistry r : new ProdRegistry[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
    }

    @Test
    void eachSideGetsItsOwnCredentials() throws Exception {
        String src = "docker://" + a.hostPort() + "/side/src:1";
        String dst = "docker://" + b.hostPort() + "/side/dst:1";
        Cli.Result oneSet = Cli.in(tmp).ociconv("copy", "--creds", "alice:pw-a", src, dst);
        assertEquals(1, oneSet.exit(), oneSet.toString());
        assertTrue(oneSet.errLines().get(0).contains("401"), oneSet.toString());

        Cli.Result both = Cli.in(tmp).ociconv("copy", "--src-creds", "alice:pw-a", "--dest-creds", "bob:pw-b", src, dst);
        assertEquals(0, both.exit(), both.toString());
        Cli.Result read = Cli.in(tmp).skopeo("inspect", "--raw", "--tls-verify=false", "--creds", "bob:pw-b", dst);
        assertEquals(0, read.exit(), read.toString());

        // the shared flag still serves the side that has no flag of its own
        Cli.Result mixed = Cli.in(tmp).ociconv("copy", "--creds", "bob:pw-b", "--src-creds", "alice:pw-a",
                "--dest-tls-verify=false", src, "docker://" + b.hostPort() + "/side/dst:2");
        assertEquals(0, mixed.exit(), mixed.toString());
    }

    @Test
    void aMistypedTransportIsNamed() throws Exception {
        Cli.Result r = Cli.in(tmp).ociconv("copy", "oci-archiv:x.tar", "oci:" + tmp.resolve("o"));
        assertEquals(2, r.exit(), r.toString());
        assertEquals("ociconv: error: unknown transport 'oci-archiv:' (did you mean oci-archive:?); the transports are "
                + "docker-archive:, docker25:, oci:, oci-archive:, docker://, or a path", r.errLines().get(0));
        Cli.Result reg = Cli.in(tmp).ociconv("copy", a.hostPort() + "/side/src:1", "oci:" + tmp.resolve("o"));
        assertEquals(2, reg.exit(), reg.toString());
        assertTrue(reg.errLines().get(0).endsWith("(did you mean docker://" + a.hostPort() + "/side/src:1?)"), reg.toString());
    }
}
