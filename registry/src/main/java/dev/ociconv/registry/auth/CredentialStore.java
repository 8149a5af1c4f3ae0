package dev.ociconv.registry.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials for a registry, in this order (first hit wins):
 * <ol>
 *   <li>explicit {@code USER:PASS} from the command line;</li>
 *   <li>the {@code --authfile} path;</li>
 *   <li>{@code $REGISTRY_AUTH_FILE};</li>
 *   <li>{@code $XDG_RUNTIME_DIR/containers/auth.json} (podman, skopeo);</li>
 *   <li>{@code $HOME/.docker/config.json} (or {@code $DOCKER_CONFIG/config.json}); {@code $HOME} as the
 *       shell has it, the passwd entry only when it is unset.</li>
 * </ol>
 * Within a file, {@link AuthFile} decides between helpers and stored entries; helpers run through
 * {@link CredentialHelper}. Missing files are skipped; an unreadable or malformed file is an error
 * naming it. Nothing found means anonymous access.
 */
public final class CredentialStore {
    private final Credentials explicit;
    private final List<Path> files;
    private final CredentialHelper helpers;

    public CredentialStore(Credentials explicit, List<Path> files, CredentialHelper helpers) {
        this.explicit = explicit;
        this.files = List.copyOf(files);
        this.helpers = helpers;
    }

    /** Anonymous access only. */
    public static CredentialStore anonymous() {
        return new CredentialStore(null, List.of(), new CredentialHelper("", java.time.Duration.ofSeconds(1)));
    }

    /**
     * The usual search order for this process.
     *
     * @param explicit explicit credentials, or null
     * @param authFile the {@code --authfile} path, or null
     */
    public static CredentialStore standard(Credentials explicit, Path authFile) {
        return standard(explicit, authFile, System.getenv(), home(System.getenv()), CredentialHelper.fromEnvironment());
    }

    /**
     * The user's home as docker, skopeo and crane take it: {@code $HOME}, else (unset or empty) the
     * passwd entry Java reports as {@code user.home}. CI systems often run with a HOME of their own.
     */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isEmpty() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /** The search order with an explicit environment and home, for tests. */
    public static CredentialStore standard(Credentials explicit, Path authFile, Map<String, String> env, Path home,
                                           CredentialHelper helpers) {
        List<Path> files = new ArrayList<>();
        if (authFile != null) {
            files.add(authFile);
        }
        String registryAuthFile = env.get("REGISTRY_AUTH_FILE");
        if (registryAuthFile != null && !registryAuthFile.isEmpty()) {
            files.add(Path.of(registryAuthFile));
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            files.add(Path.of(xdg, "containers", "auth.json"));
        }
        String dockerConfig = env.get("DOCKER_CONFIG");
        files.add(dockerConfig != null && !dockerConfig.isEmpty()
                ? Path.of(dockerConfig, "config.json") : home.resolve(".docker").resolve("config.json"));
        return new CredentialStore(explicit, files, helpers);
    }

    public List<Path> files() {
        return files;
    }

    /**
     * Credentials for {@code registry} (as named in the image reference: {@code docker.io},
     * {@code localhost:5000}) and a repository in it (for path-scoped entries; may be null).
     */
    public Optional<Credentials> resolve(String registry, String repository) throws IOException {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            Optional<AuthFile.Found> found = AuthFile.read(file).lookup(registry, repository);
            if (found.isEmpty()) {
                continue;
            }
            if (found.get() instanceof AuthFile.Found.Stored s) {
                return Optional.of(s.credentials());
            }
            AuthFile.Found.Helper h = (AuthFile.Found.Helper) found.get();
            Optional<Credentials> c = helpers.get(h.name(), helperServerUrl(registry));
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** Docker keeps Hub credentials under its v1 URL; other registries under their host. */
    static String helperServerUrl(String registry) {
        return registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    }
}
