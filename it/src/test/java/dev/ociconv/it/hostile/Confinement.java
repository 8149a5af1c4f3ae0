package dev.ociconv.it.hostile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The watched tree around one run: the input, the target's parent directory, a sentinel
 * directory beside the target, and the run's temp directory. A failed run must leave all of it
 * exactly as it was (no escape, no partial output, no temp file); a successful one may only add
 * the target.
 */
record Confinement(Path root, Path target, Path tmp) {
    static Confinement around(Path root) throws IOException {
        Path out = Files.createDirectories(root.resolve("out"));
        Path sentinel = Files.createDirectories(root.resolve("sentinel"));
        Files.writeString(sentinel.resolve("canary"), "untouched\n");
        Files.createDirectories(root.resolve("etc"));
        return new Confinement(root, out.resolve("target"), Files.createDirectories(root.resolve("tmp")));
    }

    /** Every path under the root (links not followed) with its type, size and modification time. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                m.put(root.relativize(dir) + "/", "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                String link = a.isSymbolicLink() ? " -> " + Files.readSymbolicLink(file) : "";
                m.put(root.relativize(file).toString(), a.size() + " " + a.lastModifiedTime() + link);
                return FileVisitResult.CONTINUE;
            }
        });
        return m;
    }

    void assertUnchanged(Map<String, String> before, String what) throws IOException {
        assertEquals(before, snapshot(), "the tree around the target changed (escape or partial output): " + what);
    }

    void assertOnlyTargetChanged(Map<String, String> before, boolean writesTarget, String what) throws IOException {
        String t = root.relativize(target).toString();
        Map<String, String> after = new TreeMap<>(snapshot());
        after.keySet().removeIf(k -> k.equals(t) || k.startsWith(t + "/") || k.startsWith(t + "."));
        assertEquals(before, after, "only the target may appear: " + what);
        assertEquals(writesTarget, Files.exists(target, LinkOption.NOFOLLOW_LINKS), "target written: " + what);
    }

    /** Removes the target a successful run wrote (unpacked trees may hold read-only directories). */
    void clearTarget() throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
