package dev.ociconv.it.prod;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A private PKI made with Bouncy Castle at test time: a CA, a server certificate for
 * {@code 127.0.0.1} and {@code localhost} (IP and DNS SANs), client certificates, and a
 * token-signing certificate; written as PEM the way Docker's certs.d expects them.
 */
final class TestPki {
    /** How a client key is written: {@code BEGIN RSA PRIVATE KEY}, {@code BEGIN PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}. */
    enum KeyForm { PKCS1, PKCS8, EC }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final KeyPair caKeys;
    final X509Certificate ca;
    final KeyPair serverKeys;
    final X509Certificate server;
    final KeyPair signingKeys;
    final X509Certificate signing;

    private TestPki() throws GeneralSecurityException, IOException {
        caKeys = rsa();
        ca = issue("ociconv test CA", caKeys, true, null, false);
        serverKeys = rsa();
        server = issue("127.0.0.1", serverKeys, false, KeyPurposeId.id_kp_serverAuth, true);
        signingKeys = rsa();
        // No extended key usage: distribution checks token chains with ExtKeyUsageAny.
        signing = issue("ociconv test token signer", signingKeys, false, null, false);
    }

    static TestPki create() throws IOException {
        try {
            return new TestPki();
        } catch (GeneralSecurityException e) {
            throw new IOException("test PKI: " + e.getMessage(), e);
        }
    }

    /** A client certificate with a key of the given form, for a certs.d directory. */
    Client client(KeyForm form) throws IOException {
        try {
            KeyPair keys = form == KeyForm.EC ? ec() : rsa();
            return new Client(issue("ociconv test client", keys, false, KeyPurposeId.id_kp_clientAuth, false), keys, form);
        } catch (GeneralSecurityException e) {
            throw new IOException("client certificate: " + e.getMessage(), e);
        }
    }

    record Client(X509Certificate cert, KeyPair keys, KeyForm form) {
    }

    /** {@code dir/ca.crt} only. */
    Path writeCertDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.crt"), pem(ca));
        return dir;
    }

    /** {@code dir/ca.crt}, {@code dir/client.cert}, {@code dir/client.key} (in the client's key form). */
    Path writeCertDir(Path dir, Client client) throws IOException {
        writeCertDir(dir);
        Files.writeString(dir.resolve("client.cert"), pem(client.cert()));
        Files.writeString(dir.resolve("client.key"), keyPem(client));
        return dir;
    }

    /** The files the registry's {@code http.tls} section names. */
    void writeServerFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.crt"), pem(server) + pem(ca));
        Files.writeString(dir.resolve("server.key"), pem(serverKeys.getPrivate()));
        Files.writeString(dir.resolve("ca.crt"), pem(ca));
    }

    static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static String keyPem(Client c) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            switch (c.form()) {
                // JcaMiscPEMGenerator writes an RSA key pair in its traditional form, PKCS#1.
                case PKCS1 -> p.writeObject(new JcaMiscPEMGenerator(c.keys()));
                case EC -> p.writeObject(sec1(c.keys()));
                case PKCS8 -> p.writeObject(new JcaPKCS8Generator(c.keys().getPrivate(), null));
            }
        }
        return w.toString();
    }

    /**
     * {@code EC PRIVATE KEY} as openssl writes it: SEC1 with the named curve inside (RFC 5915 wants
     * the parameters there; Go's parser needs them).
     */
    private static org.bouncycastle.util.io.pem.PemObject sec1(KeyPair keys) throws IOException {
        var pkcs8 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        var curve = pkcs8.getPrivateKeyAlgorithm().getParameters();
        var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        var full = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), spki.getPublicKeyData(), curve);
        return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", full.getEncoded());
    }

    private X509Certificate issue(String cn, KeyPair subject, boolean isCa, KeyPurposeId purpose, boolean sans)
            throws GeneralSecurityException, IOException {
        KeyPair issuerKeys = isCa ? subject : caKeys;
        X500Name issuer = new X500Name("CN=ociconv test CA");
        try {
            var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86400)),
                    new X500Name("CN=" + cn), subject.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            if (purpose != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (sans) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
