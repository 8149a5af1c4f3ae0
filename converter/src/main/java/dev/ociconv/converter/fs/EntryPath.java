package dev.ociconv.converter.fs;

import java.io.IOException;

/**
 * A tar entry name made safe to use under a root: leading {@code /} and {@code ./} dropped
 * (absolute names are taken relative to the root, as Docker does), empty and {@code .}
 * components dropped, {@code ..} components and NUL characters rejected.
 *
 * <p>The result is a relative path with {@code /} separators and no trailing slash;
 * {@code ""} is the root itself. Example: {@code "/usr//bin/./ls"} becomes {@code "usr/bin/ls"}.
 */
public final class EntryPath {
    /** The whiteout prefix of the OCI image-spec (layer.md, "Whiteouts"). */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** Marks its directory opaque: lower layers' contents of it are hidden. */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    private EntryPath() {
    }

    /** Normalises {@code name}; throws with {@code why} text (the caller names layer and entry). */
    public static String normalize(String name, int maxLength) throws IOException {
        if (name == null || name.isEmpty()) {
            throw new IOException("empty name");
        }
        if (name.length() > maxLength) {
            throw new IOException("name longer than " + maxLength + " characters (limit)");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IOException("name contains a NUL character");
        }
        StringBuilder out = new StringBuilder(name.length());
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IOException("name has a '..' component");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** The last component ({@code ""} for the root). */
    public static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent ({@code ""} for a top-level name or the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code parent + "/" + name}, or {@code name} at the top. */
    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** True when {@code path} equals {@code ancestor} or lies under it. */
    public static boolean isWithin(String path, String ancestor) {
        return ancestor.isEmpty() || path.equals(ancestor)
                || (path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/');
    }

    /** What a name means with respect to whiteouts. */
    public sealed interface Kind permits Plain, Whiteout, Opaque, AufsMeta {
    }

    /** An ordinary entry. */
    public record Plain() implements Kind {
    }

    /** {@code dir/.wh.NAME}: delete {@code target} from lower layers. */
    public record Whiteout(String target) implements Kind {
    }

    /** {@code dir/.wh..wh..opq}: hide lower layers' content of {@code dir}. */
    public record Opaque(String dir) implements Kind {
    }

    /** {@code .wh..wh.plnk} and the like: AUFS bookkeeping that carries no file. */
    public record AufsMeta() implements Kind {
    }

    /** Classifies a normalised path. */
    public static Kind classify(String path) throws IOException {
        String base = baseName(path);
        if (!base.startsWith(WHITEOUT_PREFIX)) {
            return new Plain();
        }
        if (base.equals(OPAQUE_MARKER)) {
            return new Opaque(parent(path));
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return new AufsMeta();
        }
        String target = base.substring(WHITEOUT_PREFIX.length());
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
            throw new IOException("invalid whiteout '" + base + "'");
        }
        return new Whiteout(child(parent(path), target));
    }
}
