package dev.ociconv.registry.tls;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * What went wrong when an HTTPS request failed, in the user's terms: the port does not speak TLS
 * (a plain-HTTP registry), the server's certificate is not trusted, the server wants a client
 * certificate, some other TLS failure, or no TLS failure at all (refused, reset, timeout).
 */
public enum TlsFailure {
    NOT_TLS, UNTRUSTED, CLIENT_CERTIFICATE, OTHER, NONE;

    /** Classifies a failure of an HTTPS request by its exception chain. */
    public static TlsFailure of(IOException e) {
        boolean ssl = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // A plain-HTTP server answers a ClientHello with garbage or by hanging up.
            if (t instanceof SSLException && (m.contains("unrecognized ssl message") || m.contains("plaintext")
                    || m.contains("remote host terminated the handshake"))) {
                return NOT_TLS;
            }
            if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException
                    || t instanceof CertPathValidatorException || m.contains("pkix path")) {
                return UNTRUSTED;
            }
            if (m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("bad certificate")) {
                return CLIENT_CERTIFICATE;
            }
            ssl |= t instanceof SSLException;
        }
        return ssl ? OTHER : NONE;
    }

    /** The one-line explanation for {@code registry}, with what the user can do about it. */
    public String explain(String registry, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("[\\r\\n]+", " ");
        return switch (this) {
            case UNTRUSTED -> "registry " + registry + ": TLS certificate is not trusted (" + why
                    + "); put its CA certificate (ca.crt) in a directory given as --cert-dir, or use --tls-verify=false";
            case CLIENT_CERTIFICATE -> "registry " + registry + ": the registry requires a TLS client certificate (" + why
                    + "); put client.cert and client.key in a directory given as --cert-dir";
            default -> "registry " + registry + ": TLS failed: " + why;
        };
    }
}
