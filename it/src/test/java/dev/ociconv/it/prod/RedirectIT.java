package dev.ociconv.it.prod;

import dev.ociconv.it.prod.FaultProxy.Fault;
import dev.ociconv.it.prod.FaultProxy.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Blob downloads redirected (307) to a second loopback host playing object storage, with the
 * registry behind Basic auth: the download works and the storage host sees no credentials.
 */
class RedirectIT {
    @TempDir
    static Path tmp;
    static ProdRegistry registry;
    static FaultProxy proxy;
    static BlobStorageHost storage;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        registry = ProdRegistry.start(ProdRegistry.Config.plain().htpasswd(Htpasswd.write(tmp.resolve("htpasswd"), Map.of("bob", "b0b-pw"))));
        proxy = new FaultProxy("http://" + registry.hostPort());
        storage = new BlobStorageHost(registry.storage());
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void redirectedBlobsDownloadWithoutCredentialsOnTheForeignHost() throws Exception {
        Path image = Images.archive(tmp, "redirect", 3, 41);
        Cli cli = Cli.in(tmp);
        String ref = proxy.hostPort() + "/redir/img:1";
        Cli.Result push = cli.ociconv("push", "--creds", "bob:b0b-pw", image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        proxy.add(Rule.of("GET", "/v2/redir/img/blobs/sha256:", Fault.REDIRECT, 1000).location(storage::locationFor));
        Path out = tmp.resolve("pulled");
        Cli.Result pull = cli.ociconv("pull", "--creds", "bob:b0b-pw", "--to", "oci", ref, out.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
        int redirects = proxy.injected(Fault.REDIRECT);
        assertTrue(redirects >= 4, "config and 3 layers were redirected: " + redirects);
        assertEquals(redirects, storage.hits(), "every redirect reached the storage host");
        assertEquals(List.of(), storage.credentialsSeen(), "credentials seen by the storage host");
        System.out.println("FAULTS redirect-307-to-storage injected=" + redirects + " survived=" + redirects
                + " credentials-seen-by-foreign-host=" + storage.credentialsSeen().size());
    }
}
