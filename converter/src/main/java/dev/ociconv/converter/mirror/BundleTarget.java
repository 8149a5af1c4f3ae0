package dev.ociconv.converter.mirror;

import dev.ociconv.model.media.Compression;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a bundle goes and in which form: an OCI layout directory, an OCI layout archive (plain,
 * gzip'd or zstd'd by its name's ending; whole or split into volumes), or a Docker 25 archive.
 * Every form is built as a layout in {@link #staging()}, a directory beside the target that a
 * failed or killed run leaves for the next one to resume from.
 *
 * @param form        the form
 * @param path        the directory or file the user named
 * @param compression of an archive's tar stream
 * @param volumeBytes of each volume, when the archive is split
 * @param replace     {@code --force}: an existing target is replaced when the new bundle is complete
 */
public record BundleTarget(Form form, Path path, Compression compression, OptionalLong volumeBytes, boolean replace) {
    public enum Form { DIRECTORY, ARCHIVE, DOCKER25 }

    public BundleTarget {
        Objects.requireNonNull(form);
        Objects.requireNonNull(path);
        Objects.requireNonNull(compression);
        Objects.requireNonNull(volumeBytes);
        if (volumeBytes.isPresent() && form == Form.DIRECTORY) {
            throw new IllegalArgumentException("--split makes volumes of an archive; " + path + " is a directory (write oci-archive:FILE)");
        }
        if (volumeBytes.isPresent() && volumeBytes.getAsLong() < (1L << 20)) {
            throw new IllegalArgumentException("--split takes a volume size of at least 1M");
        }
    }

    /**
     * {@code oci:DIR}, {@code oci-archive:FILE}, {@code docker25:FILE}, or a plain path: an archive
     * when it ends in {@code .tar}, {@code .tar.gz}/{@code .tgz} or {@code .tar.zst}/{@code .tzst},
     * else a directory. {@code to} (oci, oci-archive, docker25), when given, says the form of a plain path.
     */
    public static BundleTarget parse(String dest, Optional<String> to, OptionalLong volumeBytes, boolean replace) {
        Form form;
        String location = dest;
        if (dest.startsWith("oci:")) {
            form = Form.DIRECTORY;
            location = dest.substring(4);
        } else if (dest.startsWith("oci-archive:")) {
            form = Form.ARCHIVE;
            location = dest.substring(12);
        } else if (dest.startsWith("docker25:")) {
            form = Form.DOCKER25;
            location = dest.substring(9);
        } else if (dest.startsWith("docker://") || dest.startsWith("docker-archive:")) {
            throw new IllegalArgumentException(dest + ": a bundle is an OCI layout (oci:DIR), an OCI archive (oci-archive:FILE) or a "
                    + "docker25: archive; push a bundle into a registry with 'ociconv mirror push BUNDLE REGISTRY'");
        } else if (to.isPresent()) {
            form = switch (to.get().toLowerCase(Locale.ROOT)) {
                case "oci" -> Form.DIRECTORY;
                case "oci-archive" -> Form.ARCHIVE;
                case "docker25" -> Form.DOCKER25;
                default -> throw new IllegalArgumentException("mirror --to takes oci, oci-archive or docker25, not '" + to.get() + "'");
            };
        } else {
            form = archiveName(dest) ? Form.ARCHIVE : Form.DIRECTORY;
        }
        if (location.isEmpty() || location.equals("-")) {
            throw new IllegalArgumentException("a bundle needs a path (it is built beside it, to resume from), not '" + dest + "'");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        Compression c = form != Form.ARCHIVE ? Compression.NONE
                : lower.endsWith(".zst") || lower.endsWith(".tzst") ? Compression.ZSTD
                : lower.endsWith(".gz") || lower.endsWith(".tgz") ? Compression.GZIP : Compression.NONE;
        return new BundleTarget(form, Path.of(location), c, volumeBytes, replace);
    }

    private static boolean archiveName(String p) {
        String l = p.toLowerCase(Locale.ROOT);
        return l.endsWith(".tar") || l.endsWith(".tar.gz") || l.endsWith(".tgz") || l.endsWith(".tar.zst") || l.endsWith(".tzst");
    }

    /** The layout being built, beside the target: {@code NAME.partial}. */
    public Path staging() {
        return sibling(".partial");
    }

    Path lockFile() {
        return sibling(".mirror-lock");
    }

    private Path sibling(String suffix) {
        Path abs = path.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + suffix);
    }

    /** The first volume of a split archive: {@code NAME.000}. */
    public Path volume(int n) {
        Path abs = path.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + String.format(Locale.ROOT, ".%03d", n));
    }

    /** Refuses, before any work, a target that exists unless {@link #replace}. */
    void checkFree() throws IOException {
        Path first = volumeBytes.isPresent() ? volume(0) : path;
        if (Files.exists(first, LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw new FileAlreadyExistsException(first.toString(), null, "already exists; use --force to replace it");
            }
            if (form == Form.DIRECTORY && !Files.isDirectory(first)) {
                throw new FileAlreadyExistsException(first.toString(), null, "exists and is not a directory");
            }
            if (form != Form.DIRECTORY && Files.isDirectory(first)) {
                throw new FileAlreadyExistsException(first.toString(), null, "is a directory");
            }
        }
    }

    @Override
    public String toString() {
        return switch (form) {
            case DIRECTORY -> "oci:" + path;
            case ARCHIVE -> "oci-archive:" + path + (volumeBytes.isPresent() ? " (volumes " + volume(0).getFileName() + ", …)" : "");
            case DOCKER25 -> "docker25:" + path + (volumeBytes.isPresent() ? " (volumes " + volume(0).getFileName() + ", …)" : "");
        };
    }
}
