package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Registries behind TLS with a private CA: one with server TLS only, one that requires client
 * certificates ({@code http.tls.clientcas}).
 */
class TlsIT {
    @TempDir
    static Path tmp;
    static TestPki pki;
    static ProdRegistry tls;
    static ProdRegistry mtls;
    static Path image;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        pki = TestPki.create();
        pki.writeServerFiles(tmp.resolve("server"));
        tls = ProdRegistry.start(ProdRegistry.Config.plain().tls(tmp.resolve("server"), false));
        mtls = ProdRegistry.start(ProdRegistry.Config.plain().tls(tmp.resolve("server"), true));
        image = Images.archive(tmp, "tls", 2, 11);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tls != null) {
            tls.close();
        }
        if (mtls != null) {
            mtls.close();
        }
    }

    @Test
    void certDirWithTheCaWorksBothWaysWithSkopeo() throws Exception {
        Path certs = pki.writeCertDir(tmp.resolve("certs-ca"));
        Cli cli = Cli.in(tmp);
        Interop.bothWays(cli, tmp, image, tls.hostPort() + "/tls/a", List.of("--cert-dir", certs.toString()),
                List.of("--src-cert-dir", certs.toString()), List.of("--dest-cert-dir", certs.toString()),
                List.of("--cert-dir", certs.toString()));
    }

    @Test
    void withoutTheCaTheCertificateIsNotTrustedAndThereIsNoHttpFallback() throws Exception {
        Cli.Result r = Cli.in(tmp).ociconv("push", image.toString(), tls.hostPort() + "/tls/b:1");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("ociconv: error: registry " + tls.hostPort() + ": TLS certificate is not trusted"), line);
        assertFalse(line.contains("http://"), "no plain-http attempt reported: " + line);
    }

    @Test
    void tlsVerifyFalseAcceptsTheCertificate() throws Exception {
        Cli cli = Cli.in(tmp);
        String ref = tls.hostPort() + "/tls/c:1";
        Cli.Result push = cli.ociconv("push", "--tls-verify=false", image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        Cli.Result pull = cli.ociconv("pull", "--tls-verify=false", "--to", "oci", ref, tmp.resolve("c").toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(tmp.resolve("c")));
    }

    @ParameterizedTest
    @EnumSource(TestPki.KeyForm.class)
    void clientCertificateInCertDirIsPresented(TestPki.KeyForm form) throws Exception {
        Path certs = pki.writeCertDir(tmp.resolve("certs-client-" + form), pki.client(form));
        Cli cli = Cli.in(tmp);
        String ref = mtls.hostPort() + "/mtls/" + form.name().toLowerCase() + ":1";
        Cli.Result push = cli.ociconv("push", "--cert-dir", certs.toString(), image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        Path out = tmp.resolve("mtls-" + form);
        Cli.Result pull = cli.ociconv("pull", "--cert-dir", certs.toString(), "--to", "oci", ref, out.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
    }

    @Test
    void clientCertificateWorksBothWaysWithSkopeo() throws Exception {
        Path certs = pki.writeCertDir(tmp.resolve("certs-client-skopeo"), pki.client(TestPki.KeyForm.PKCS8));
        Interop.bothWays(Cli.in(tmp), tmp, image, mtls.hostPort() + "/mtls/skopeo", List.of("--cert-dir", certs.toString()),
                List.of("--src-cert-dir", certs.toString()), List.of("--dest-cert-dir", certs.toString()),
                List.of("--cert-dir", certs.toString()));
    }

    @Test
    void withoutAClientCertificateTheErrorSaysSo() throws Exception {
        Path certs = pki.writeCertDir(tmp.resolve("certs-ca-only"));
        Cli.Result r = Cli.in(tmp).ociconv("push", "--cert-dir", certs.toString(), image.toString(), mtls.hostPort() + "/mtls/none:1");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("client certificate"), r.toString());
    }
}
