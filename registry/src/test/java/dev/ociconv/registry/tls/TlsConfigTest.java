package dev.ociconv.registry.tls;

import dev.ociconv.registry.RegistryClient;
import dev.ociconv.registry.RegistryEndpoint;
import dev.ociconv.registry.RegistryOptions;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsConfigTest {
    @TempDir
    Path tmp;

    @StartStop
    final MockWebServer server = new MockWebServer();

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate cert(String cn, KeyPair subject, KeyPair issuerKeys, String issuer, boolean ca, String dnsName)
            throws Exception {
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86400)),
                new X500Name("CN=" + cn), subject.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        String alg = issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate())));
    }

    static void pem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
    }

    /** SEC1 EC keys as openssl writes them (with the curve in an EC PARAMETERS block first). */
    static void openssl(Path out, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-out", out.toString()));
        boolean onPath = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "openssl")));
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath, "openssl not installed (.ci/run installs it)");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }

    @Test
    void privateKeysInEveryPemForm() throws Exception {
        KeyPair r = rsa();
        KeyPair e = ec();
        Path pkcs1 = tmp.resolve("rsa1.key");
        Path pkcs8 = tmp.resolve("rsa8.key");
        Path sec1 = tmp.resolve("ec.key");
        pem(pkcs1, r.getPrivate());                                  // BEGIN RSA PRIVATE KEY
        pem(pkcs8, new JcaPKCS8Generator(r.getPrivate(), null));     // BEGIN PRIVATE KEY
        openssl(sec1, "ecparam", "-name", "prime256v1", "-genkey");  // EC PARAMETERS, then BEGIN EC PRIVATE KEY
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(pkcs8).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        for (Path p : List.of(pkcs1, pkcs8)) {
            PrivateKey k = PemFiles.privateKey(p);
            assertEquals("RSA", k.getAlgorithm());
            assertArrayEquals(r.getPrivate().getEncoded(), k.getEncoded(), p.toString());
        }
        assertEquals("EC", PemFiles.privateKey(sec1).getAlgorithm());
        Path ec8 = tmp.resolve("ec8.key");
        pem(ec8, new JcaPKCS8Generator(e.getPrivate(), null));
        assertArrayEquals(e.getPrivate().getEncoded(), PemFiles.privateKey(ec8).getEncoded());
        Path notAKey = tmp.resolve("x.key");
        Files.writeString(notAKey, "hello");
        IOException ex = assertThrows(IOException.class, () -> PemFiles.privateKey(notAKey));
        assertTrue(ex.getMessage().contains(notAKey.toString()));
    }

    @Test
    void defaultsWhenNothingIsConfigured() throws Exception {
        assertNull(TlsConfig.forHost("reg.example:5000", null, true, List.of(tmp.resolve("none"))));
        TlsConfig insecure = TlsConfig.forHost("reg.example:5000", null, false, List.of());
        assertNotNull(insecure);
        assertTrue(insecure.hostnameVerifier().verify("anything", null));
    }

    @Test
    void certsDirectoryAddsCasAndTheClientCertificate() throws Exception {
        KeyPair caKeys = rsa();
        X509Certificate ca = cert("test ca", caKeys, caKeys, "test ca", true, null);
        KeyPair clientKeys = ec();
        Path dir = Files.createDirectories(tmp.resolve("certs.d").resolve("reg.example:5000"));
        pem(dir.resolve("ca.crt"), ca);
        pem(dir.resolve("client.cert"), cert("client", clientKeys, caKeys, "test ca", false, null));
        pem(dir.resolve("client.key"), new JcaPKCS8Generator(clientKeys.getPrivate(), null));
        TlsConfig tls = TlsConfig.forHost("reg.example:5000", null, true, List.of(tmp.resolve("certs.d")));
        assertNotNull(tls);
        assertNull(tls.hostnameVerifier());
        assertTrue(Arrays.asList(tls.trustManager().getAcceptedIssuers()).contains(ca));
        assertTrue(tls.trustManager().getAcceptedIssuers().length > 1, "the JDK's CAs are kept");

        Files.delete(dir.resolve("client.key"));
        IOException e = assertThrows(IOException.class,
                () -> TlsConfig.forHost("reg.example:5000", null, true, List.of(tmp.resolve("certs.d"))));
        assertTrue(e.getMessage().contains("missing key file"), e.getMessage());
    }

    @Test
    void httpsRegistryTrustedThroughCertDir() throws Exception {
        KeyPair caKeys = rsa();
        X509Certificate ca = cert("test ca", caKeys, caKeys, "test ca", true, null);
        KeyPair serverKeys = rsa();
        X509Certificate serverCert = cert("localhost", serverKeys, caKeys, "test ca", false, server.getHostName());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new X509Certificate[]{serverCert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server.useHttps(ctx.getSocketFactory());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        String hostPort = server.getHostName() + ":" + server.getPort();
        RegistryEndpoint https = new RegistryEndpoint(hostPort, List.of("https"), true);
        IOException untrusted = assertThrows(IOException.class,
                () -> new RegistryClient(hostPort, https, RegistryOptions.defaults().withTls(true, null)).ping());
        assertTrue(untrusted.getMessage().contains("TLS certificate is not trusted"), untrusted.getMessage());

        Path certDir = Files.createDirectories(tmp.resolve("mycerts"));
        pem(certDir.resolve("ca.crt"), ca);
        RegistryClient trusted = new RegistryClient(hostPort, https, RegistryOptions.defaults().withTls(true, certDir));
        assertEquals("https", trusted.ping().scheme());
    }
}
