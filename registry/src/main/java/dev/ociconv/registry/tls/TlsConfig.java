package dev.ociconv.registry.tls;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The TLS setup for one registry host.
 *
 * <ul>
 *   <li>Default: the JDK's trust store.</li>
 *   <li>A certs.d directory (Docker's layout): every {@code *.crt} is a CA trusted in addition to
 *       the JDK's; a {@code NAME.cert} with its {@code NAME.key} is the client certificate.
 *       The directory is {@code --cert-dir} when given, else {@code /etc/containers/certs.d/<host:port>/}
 *       and {@code /etc/docker/certs.d/<host:port>/} when present (both are read).</li>
 *   <li>{@code tlsVerify=false}: any certificate and host name are accepted (client certificates
 *       are still presented).</li>
 * </ul>
 *
 * @param socketFactory      the SSL socket factory for OkHttp
 * @param trustManager       its trust manager (OkHttp wants both)
 * @param hostnameVerifier   the host name check, or {@code null} for OkHttp's default
 */
public record TlsConfig(SSLSocketFactory socketFactory, X509TrustManager trustManager, HostnameVerifier hostnameVerifier) {

    public static final List<Path> DEFAULT_CERTS_D = List.of(Path.of("/etc/containers/certs.d"), Path.of("/etc/docker/certs.d"));

    public TlsConfig {
        Objects.requireNonNull(socketFactory);
        Objects.requireNonNull(trustManager);
    }

    /**
     * The configuration for {@code hostPort}, or {@code null} when the JDK's defaults apply.
     *
     * @param certDir   {@code --cert-dir}, or null to look in {@code certsDRoots/<hostPort>}
     * @param verify    false to trust any certificate
     */
    public static TlsConfig forHost(String hostPort, Path certDir, boolean verify, List<Path> certsDRoots) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (certDir != null) {
            if (!Files.isDirectory(certDir)) {
                throw new IOException("certificate directory " + certDir + ": not a directory");
            }
            dirs.add(certDir);
        } else {
            for (Path root : certsDRoots) {
                Path d = root.resolve(hostPort.replace("[", "").replace("]", ""));
                if (Files.isDirectory(d)) {
                    dirs.add(d);
                }
            }
        }
        List<X509Certificate> cas = new ArrayList<>();
        KeyManager[] keyManagers = null;
        for (Path dir : dirs) {
            for (Path f : list(dir)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".crt")) {
                    cas.addAll(PemFiles.certificates(f));
                } else if (name.endsWith(".cert")) {
                    Path key = f.resolveSibling(name.substring(0, name.length() - ".cert".length()) + ".key");
                    if (!Files.exists(key)) {
                        throw new IOException("client certificate " + f + ": missing key file " + key.getFileName());
                    }
                    keyManagers = keyManagers(PemFiles.certificates(f), PemFiles.privateKey(key), f);
                } else if (name.endsWith(".key")) {
                    Path cert = f.resolveSibling(name.substring(0, name.length() - ".key".length()) + ".cert");
                    if (!Files.exists(cert)) {
                        throw new IOException("client key " + f + ": missing certificate file " + cert.getFileName());
                    }
                }
            }
        }
        if (verify && cas.isEmpty() && keyManagers == null) {
            return null;
        }
        try {
            X509TrustManager trust = verify ? trustWithExtraCas(cas) : new TrustAll();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[]{trust}, null);
            return new TlsConfig(ctx.getSocketFactory(), trust, verify ? null : (host, session) -> true);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup for " + hostPort + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key, Path certFile) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            char[] pass = new char[0];
            ks.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("client certificate " + certFile + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's trusted CAs plus {@code extra}, as one standard trust manager. */
    static X509TrustManager trustWithExtraCas(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk-" + i++, c);
        }
        for (X509Certificate c : extra) {
            ks.setCertificateEntry("certs.d-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return firstX509(tmf);
    }

    static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return firstX509(tmf);
    }

    private static X509TrustManager firstX509(TrustManagerFactory tmf) {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager in the JDK");
    }

    /** {@code tlsVerify=false}: the user chose to accept any certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
