package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.Transports;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * skopeo's per-side registry flags ({@code --src-creds}, {@code --dest-tls-verify}, …) for the
 * commands that copy: a copy between two registries with different credentials or CAs. Each one,
 * when given, wins over the shared flag ({@link RegistryFlags}) for its side only.
 */
final class SideRegistryFlags {
    @Option(names = "--src-creds", paramLabel = "USER:PASSWORD", description = "Credentials for the source registry only.")
    String srcCreds;

    @Option(names = "--dest-creds", paramLabel = "USER:PASSWORD", description = "Credentials for the destination registry only.")
    String destCreds;

    @Option(names = "--src-registry-token", paramLabel = "TOKEN", description = "--registry-token for the source registry only.")
    String srcToken;

    @Option(names = "--dest-registry-token", paramLabel = "TOKEN", description = "--registry-token for the destination registry only.")
    String destToken;

    @Option(names = "--src-authfile", paramLabel = "PATH", description = "Auth file for the source registry only.")
    Path srcAuthFile;

    @Option(names = "--dest-authfile", paramLabel = "PATH", description = "Auth file for the destination registry only.")
    Path destAuthFile;

    @Option(names = "--src-no-creds", description = "Access the source registry anonymously (no stored credentials).")
    boolean srcNoCreds;

    @Option(names = "--dest-no-creds", description = "Access the destination registry anonymously (no stored credentials).")
    boolean destNoCreds;

    @Option(names = "--src-tls-verify", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "--tls-verify for the source registry only.")
    Boolean srcTlsVerify;

    @Option(names = "--dest-tls-verify", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "--tls-verify for the destination registry only.")
    Boolean destTlsVerify;

    @Option(names = "--src-cert-dir", paramLabel = "DIR", description = "--cert-dir for the source registry only.")
    Path srcCertDir;

    @Option(names = "--dest-cert-dir", paramLabel = "DIR", description = "--cert-dir for the destination registry only.")
    Path destCertDir;

    /** How to reach the source's registry: the --src- flags over the shared ones. */
    Transports.OpenContext source(RegistryFlags shared) {
        boolean own = srcCreds != null || srcToken != null;
        return Transports.OpenContext.defaults().withRegistry(shared.options(own ? srcCreds : shared.creds,
                own ? srcToken : shared.registryToken, srcAuthFile != null ? srcAuthFile : shared.authFile, srcNoCreds,
                srcTlsVerify != null ? srcTlsVerify : shared.tlsVerify, srcCertDir != null ? srcCertDir : shared.certDir));
    }

    /** How to reach the destination's registry: the --dest- flags over the shared ones. */
    Transports.OpenContext destination(RegistryFlags shared) {
        boolean own = destCreds != null || destToken != null;
        return Transports.OpenContext.defaults().withRegistry(shared.options(own ? destCreds : shared.creds,
                own ? destToken : shared.registryToken, destAuthFile != null ? destAuthFile : shared.authFile, destNoCreds,
                destTlsVerify != null ? destTlsVerify : shared.tlsVerify, destCertDir != null ? destCertDir : shared.certDir));
    }
}
