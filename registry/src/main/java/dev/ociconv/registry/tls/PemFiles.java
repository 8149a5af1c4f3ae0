package dev.ociconv.registry.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PEM certificates (JDK) and private keys in every form certs.d directories hold —
 * PKCS#1 ({@code RSA PRIVATE KEY}), PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY},
 * possibly after {@code EC PARAMETERS}) — with Bouncy Castle's {@link PEMParser}.
 */
public final class PemFiles {
    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("certificate file " + file + ": no certificate in it");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("certificate file " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    // SEC1 EC keys may omit the public key: only the private part is needed.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                // EC PARAMETERS and the like come before the key: skip them.
            }
        } catch (IOException e) {
            throw new IOException("key file " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("key file " + file + ": no unencrypted private key in it");
    }
}
