package dev.ociconv.model.spec;

import dev.ociconv.model.digest.Digest;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image name in Docker's reference grammar (distribution/reference), normalised the way
 * Docker does: {@code busybox} is {@code docker.io/library/busybox:latest}.
 *
 * <pre>
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component ( "/" path-component )*
 *   domain    := host [ ":" port ]   (a first component with '.' or ':' or equal to "localhost")
 *   tag       := [\w][\w.-]{0,127}
 * </pre>
 *
 * @param domain     registry host (and port), e.g. {@code docker.io}, {@code localhost:5000}
 * @param repository path below the domain, e.g. {@code library/busybox}
 * @param tag        the tag, or {@code null} when only a digest is given
 * @param digest     the digest, or {@code null}
 */
public record ImageName(String domain, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern REFERENCE = Pattern.compile("^([^@]+?)(?::([\\w][\\w.-]{0,127}))?(?:@(.+))?$");

    public ImageName {
        Objects.requireNonNull(domain);
        Objects.requireNonNull(repository);
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("an image name needs a tag or a digest");
        }
    }

    /** Parses and normalises; a missing tag (and digest) becomes {@code latest}. */
    public static ImageName parse(String text) {
        Parsed n = parseLenient(text);
        return new ImageName(n.domain, n.repository, n.tag == null && n.digest == null ? DEFAULT_TAG : n.tag, n.digest);
    }

    /** True when {@code text} is a valid reference. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code text} names a tag explicitly ({@code repo:tag}), as RepoTags entries must. */
    public static boolean isTagged(String text) {
        try {
            return parseLenient(text).tag != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Parsed parseLenient(String text) {
        if (text == null || text.isEmpty() || text.length() > 255 + 129) {
            throw new IllegalArgumentException("invalid image name '" + text + "'");
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid image name '" + text + "'");
        }
        String name = m.group(1);
        String tag = m.group(2);
        Digest digest = m.group(3) == null ? null : Digest.parse(m.group(3));
        // A ':' after the last '/' that REFERENCE did not take as a tag means a bad tag.
        int lastSlash = name.lastIndexOf('/');
        if (name.indexOf(':', lastSlash + 1) >= 0) {
            throw new IllegalArgumentException("invalid image name '" + text + "': bad tag");
        }
        String domain;
        String path;
        int slash = name.indexOf('/');
        String first = slash < 0 ? null : name.substring(0, slash);
        if (first != null && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
            domain = first;
            path = name.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("invalid image name '" + text + "': bad registry host '" + domain + "'");
            }
        } else {
            domain = DOCKER_HUB;
            path = name;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid image name '" + text
                        + "': repository must be lower-case letters, digits and separators");
            }
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid image name '" + text + "': bad tag");
        }
        return new Parsed(domain, path, tag, digest);
    }

    /** A parse before the default tag is applied, so callers can tell whether a tag was written. */
    private record Parsed(String domain, String repository, String tag, Digest digest) {
    }

    /** {@code docker.io/library/busybox}. */
    public String fullRepository() {
        return domain + "/" + repository;
    }

    /** The repository as Docker shows it: {@code busybox}, {@code testuser/testimage}, {@code localhost:5000/x}. */
    public String familiarRepository() {
        if (domain.equals(DOCKER_HUB)) {
            return repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    ? repository.substring("library/".length()) : repository;
        }
        return fullRepository();
    }

    /** Docker's short form with tag: {@code busybox:latest}. */
    public String familiar() {
        return familiarRepository() + suffix();
    }

    /** The fully qualified form: {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return fullRepository() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    public ImageName withTag(String newTag) {
        return new ImageName(domain, repository, newTag, null);
    }
}
