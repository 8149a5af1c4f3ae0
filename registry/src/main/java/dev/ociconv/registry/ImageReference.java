package dev.ociconv.registry;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.ImageName;

import java.util.Locale;
import java.util.Objects;

/**
 * The registry's view of an image name: which host to talk to, which repository, and which
 * manifest reference (digest if given, else tag) to ask for.
 *
 * <p>Grammar and normalisation are {@link ImageName}'s (Docker's reference grammar):
 * {@code host:port/repo:tag@sha256:…}; {@code busybox} means {@code docker.io/library/busybox:latest}.
 * Docker Hub's API lives at {@code registry-1.docker.io}, not at {@code docker.io}.
 *
 * <p>Scheme: HTTPS always, except that loopback registries ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}) are "insecure" as in Docker: HTTPS is tried first without certificate checks, then
 * plain HTTP. See {@link RegistryEndpoint}.
 *
 * @param name the parsed, normalised name
 */
public record ImageReference(ImageName name) {

    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

    public ImageReference {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code [docker://][//]host/repo[:tag][@digest]}; a missing tag means {@code latest}.
     *
     * @throws IllegalArgumentException with a one-line reason on a bad reference
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "reference");
        String s = text.startsWith("docker://") ? text.substring("docker://".length())
                : text.startsWith("//") ? text.substring(2) : text;
        return new ImageReference(ImageName.parse(s));
    }

    /** The domain as written in the name: the key for credentials and certs.d ({@code docker.io}, {@code localhost:5000}). */
    public String registry() {
        return name.domain();
    }

    /** The host (and port) of the registry's API: {@code registry-1.docker.io} for Docker Hub. */
    public String apiHost() {
        return apiHostFor(name.domain());
    }

    /** The API host for a registry domain. */
    public static String apiHostFor(String domain) {
        return domain.equals(ImageName.DOCKER_HUB) ? DOCKER_HUB_API_HOST : domain;
    }

    public String repository() {
        return name.repository();
    }

    public String tag() {
        return name.tag();
    }

    public Digest digest() {
        return name.digest();
    }

    /** What goes in {@code /v2/<repo>/manifests/<reference>}: the digest when given, else the tag. */
    public String manifestReference() {
        return name.digest() != null ? name.digest().toString() : name.tag();
    }

    /** The same repository at another tag or digest. */
    public ImageReference withReference(String tagOrDigest) {
        if (Digest.isValid(tagOrDigest)) {
            return new ImageReference(new ImageName(name.domain(), name.repository(), null, Digest.parse(tagOrDigest)));
        }
        return new ImageReference(ImageName.parse(name.fullRepository() + ":" + tagOrDigest));
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}, with or without a port. */
    public boolean isLoopback() {
        return isLoopbackHost(hostWithoutPort(name.domain()));
    }

    static String hostWithoutPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    static boolean isLoopbackHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code docker://host/repo:tag}, as the user may write it back. */
    public String description() {
        return "docker://" + name;
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
