package dev.ociconv.converter.mirror;

import dev.ociconv.model.spec.Platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of an image list, as written, with its line.
 *
 * @param location  where the image is: a transport string ({@code docker://…}, {@code oci:DIR:TAG},
 *                  {@code docker-archive:FILE}); a bare {@code repo:tag} was made {@code docker://repo:tag}
 * @param line      the line of the list it was written on
 * @param tags      which tags of the repository, for a registry location without a tag of its own
 * @param platforms the platforms to take from a multi-platform image; empty: the run's choice
 * @param referrers whether what refers to the image comes along; empty: the run's choice
 * @param registry  how to reach its registry, where the list says (skopeo sync's per-registry keys)
 * @param as        the full name the image gets in the bundle instead of its own ({@code as:}, one image only)
 */
public record ListedImage(String location, int line, Tags tags, List<Platform> platforms, Optional<Boolean> referrers,
                          RegistrySettings registry, Optional<String> as) {
    public ListedImage {
        Objects.requireNonNull(as);
        Objects.requireNonNull(location);
        Objects.requireNonNull(tags);
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(referrers);
        Objects.requireNonNull(registry);
    }

    /** Which tags of a repository an entry asks for. */
    public record Tags(Kind kind, List<String> listed, Optional<Pattern> pattern) {
        public enum Kind {
            /** the reference's own tag or digest */
            AS_GIVEN,
            /** these tags (or digests) of the repository: skopeo sync's {@code images: {repo: [t1, t2]}} */
            LISTED,
            /** the repository's tags that match a regular expression, whole */
            MATCHING,
            /** every tag of the repository */
            ALL
        }

        public static final Tags AS_GIVEN = new Tags(Kind.AS_GIVEN, List.of(), Optional.empty());
        public static final Tags ALL = new Tags(Kind.ALL, List.of(), Optional.empty());

        public Tags {
            listed = List.copyOf(listed);
            Objects.requireNonNull(pattern);
        }

        public static Tags listed(List<String> tags) {
            return new Tags(Kind.LISTED, tags, Optional.empty());
        }

        public static Tags matching(Pattern p) {
            return new Tags(Kind.MATCHING, List.of(), Optional.of(p));
        }

        /** True when the repository's tag list is needed to know the images. */
        public boolean needsTagList() {
            return kind == Kind.MATCHING || kind == Kind.ALL;
        }
    }

    /**
     * Settings of one registry block of a skopeo sync list ({@code tls-verify}, {@code cert-dir},
     * {@code credentials}); empty parts leave the run's own.
     */
    public record RegistrySettings(Optional<Boolean> tlsVerify, Optional<Path> certDir, Optional<String> username,
                                   Optional<String> password) {
        public static final RegistrySettings NONE = new RegistrySettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        public boolean isEmpty() {
            return tlsVerify.isEmpty() && certDir.isEmpty() && username.isEmpty();
        }

        /** {@code options} with these settings over them (TLS, CA directory, credentials for this registry). */
        public dev.ociconv.registry.RegistryOptions applyTo(dev.ociconv.registry.RegistryOptions options) {
            if (isEmpty()) {
                return options;
            }
            var out = options.withTls(tlsVerify.orElse(options.tlsVerify()), certDir.orElse(options.certDir()));
            if (username.isPresent()) {
                out = out.withCredentials(dev.ociconv.registry.auth.CredentialStore.standard(
                        dev.ociconv.registry.auth.Credentials.basic(username.get(), password.orElse("")), null));
            }
            return out;
        }

        @Override
        public String toString() {
            return "RegistrySettings[tlsVerify=" + tlsVerify + ", certDir=" + certDir + ", username=" + username
                    + (password.isPresent() ? ", password=***" : "") + "]"; // never a password in a message
        }
    }
}
