package dev.ociconv.converter.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A directory that writes can never leave. Java has no {@code openat}, so every name is
 * resolved here, one component at a time, with {@link LinkOption#NOFOLLOW_LINKS}:
 * <ul>
 *   <li>Intermediate components that are symlinks are followed <em>within the root</em>, the
 *       way {@code securejoin} and a chroot'ed {@code tar} do: an absolute target restarts at the
 *       root, {@code ..} stops at the root. So {@code escape -> /tmp} then {@code escape/evil}
 *       writes {@code ROOT/tmp/evil}. Real layers do write under symlinked directories (e.g. a
 *       usrmerge {@code lib -> usr/lib}), which is why this is not an error.</li>
 *   <li>The last component is never followed: whatever is there is removed first (a directory
 *       is kept only when a directory replaces it).</li>
 *   <li>Hardlink targets must be reached without any symlink and be regular files.</li>
 * </ul>
 * The resolved path of every operation is returned as a relative, symlink-free string, which is
 * what callers record. This guards against hostile <em>content</em>; it assumes no other process
 * changes the tree concurrently (it is a fresh 0700 directory of ours).
 */
final class ConfinedRoot {
    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path root;
    /** The last directory resolved (name as asked → symlink-free result); cleared by any removal or new symlink. */
    private String cachedAsked;
    private String cachedResolved;

    ConfinedRoot(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The path of an already resolved relative name. */
    Path path(String resolved) {
        return resolved.isEmpty() ? root : root.resolve(resolved);
    }

    /**
     * Resolves all components of {@code rel} as directories, following symlinks within the
     * root, creating missing ones (default mode; final modes are set at the end) when
     * {@code created} is not null (it receives each
     * new directory). Returns the symlink-free relative path, or null when a component is
     * missing and nothing may be created.
     */
    String resolveDirectory(String rel, Consumer<String> created) throws IOException {
        // Entries of one directory usually come together: skip the walk while nothing was removed.
        if (rel.equals(cachedAsked)) {
            return cachedResolved;
        }
        String resolved = walk(rel, created);
        if (resolved != null) {
            cachedAsked = rel;
            cachedResolved = resolved;
        }
        return resolved;
    }

    /** Forgets the resolution cache; called before anything is removed or a symlink is made. */
    void invalidate() {
        cachedAsked = null;
        cachedResolved = null;
    }

    private String walk(String rel, Consumer<String> created) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(rel));
        List<String> current = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!current.isEmpty()) {
                    current.remove(current.size() - 1);
                }
                continue;
            }
            current.add(c);
            String sofar = String.join("/", current);
            Path p = path(sofar);
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                if (created == null) {
                    return null;
                }
                Files.createDirectory(p);
                created.accept(sofar);
            } else if (a.isSymbolicLink()) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new IOException("too many levels of symbolic links in '" + rel + "'");
                }
                current.remove(current.size() - 1);
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) {
                    current.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else if (!a.isDirectory()) {
                throw new IOException("'" + sofar + "' is not a directory");
            }
        }
        return String.join("/", current);
    }

    /**
     * Resolves {@code rel} without following any symlink: every component but the last must be
     * a real directory. Returns null when something is missing or a symlink is in the way.
     */
    String resolveStrict(String rel) throws IOException {
        if (rel.isEmpty()) {
            return rel;
        }
        List<String> parts = split(rel);
        StringBuilder sofar = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sofar.append('/');
            }
            sofar.append(parts.get(i));
            BasicFileAttributes a = attributes(path(sofar.toString()));
            if (a == null || a.isSymbolicLink() || (i < parts.size() - 1 && !a.isDirectory())) {
                return null;
            }
        }
        return sofar.toString();
    }

    /** Attributes of {@code p} itself (never a link's target), or null when nothing is there. */
    static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Removes {@code resolved} and everything under it; symlinks are removed, never followed. */
    void deleteTree(String resolved) throws IOException {
        invalidate();
        if (resolved.isEmpty()) {
            throw new IOException("refusing to delete the root");
        }
        Path p = path(resolved);
        BasicFileAttributes a = attributes(p);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            Files.delete(p);
            return;
        }
        // walkFileTree does not follow links unless asked to.
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The names in a real directory (resolved, symlink-free). */
    List<String> children(String resolved) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path(resolved))) {
            for (Path c : ds) {
                names.add(c.getFileName().toString());
            }
        }
        return names;
    }

    private static List<String> split(String rel) {
        List<String> parts = new ArrayList<>();
        for (String s : rel.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }
}
