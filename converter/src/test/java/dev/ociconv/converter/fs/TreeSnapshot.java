package dev.ociconv.converter.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A comparable picture of a tree: type, mode, size, mtime, content and link target of every path. */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    static Map<String, String> of(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                out.put(root.relativize(p).toString(), describe(p, true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One path; {@code times} adds the mtime. */
    static String describe(Path p, boolean times) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            StringBuilder b = new StringBuilder();
            if (a.isSymbolicLink()) {
                b.append("link -> ").append(Files.readSymbolicLink(p));
            } else if (a.isDirectory()) {
                b.append("dir ").append(Integer.toOctalString(mode & 07777));
            } else if (a.isRegularFile()) {
                b.append("file ").append(Integer.toOctalString(mode & 07777)).append(' ')
                        .append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
            } else {
                b.append("other ").append(Integer.toOctalString(mode));
            }
            if (times && !a.isSymbolicLink()) {
                b.append(" @").append(a.lastModifiedTime().toMillis());
            }
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
