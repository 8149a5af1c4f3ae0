package dev.ociconv.converter.build.demo;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Prints names the way the {@code tree} command does ({@code ├──}, {@code └──}, {@code │}),
 * for the entries of a tar (as if extracted) or a directory. Names only: a tree is for seeing
 * the shape of an archive, {@code inspect} is for its contents.
 */
public final class FileTree {
    /** A node: its children by name, sorted; symlink targets shown as {@code name -> target}. */
    private final Map<String, FileTree> children = new TreeMap<>();
    private String linkTarget;
    private boolean directory;

    private FileTree() {
    }

    /** The tree of a tar's entries (a {@code docker save} archive, an OCI archive). */
    public static FileTree ofTar(Path tar) throws IOException {
        FileTree root = new FileTree();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                FileTree node = root.add(e.getName(), e.isDirectory());
                if (e.isSymbolicLink()) {
                    node.linkTarget = e.getLinkName();
                }
            }
        }
        return root;
    }

    /** The tree of a directory (an OCI layout), relative to it. */
    public static FileTree ofDirectory(Path dir) throws IOException {
        FileTree root = new FileTree();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (!p.equals(dir)) {
                    root.add(dir.relativize(p).toString().replace('\\', '/'), Files.isDirectory(p));
                }
            }
        }
        return root;
    }

    private FileTree add(String name, boolean isDirectory) {
        FileTree node = this;
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            node.directory = true;
            node = node.children.computeIfAbsent(part, k -> new FileTree());
        }
        node.directory |= isDirectory;
        return node;
    }

    /** {@code tree}'s output: a first line (the root's name), one line per node, then the counts. */
    public List<String> render(String rootName) {
        List<String> lines = new ArrayList<>();
        lines.add(rootName);
        int[] counts = new int[2];
        render("", lines, counts);
        lines.add("");
        lines.add(counts[0] + (counts[0] == 1 ? " directory, " : " directories, ") + counts[1] + (counts[1] == 1 ? " file" : " files"));
        return lines;
    }

    private void render(String indent, List<String> lines, int[] counts) {
        int i = 0;
        for (Map.Entry<String, FileTree> c : children.entrySet()) {
            boolean last = ++i == children.size();
            FileTree child = c.getValue();
            String shown = child.linkTarget != null ? c.getKey() + " -> " + child.linkTarget : c.getKey();
            lines.add(indent + (last ? "└── " : "├── ") + shown);
            counts[child.directory && child.linkTarget == null ? 0 : 1]++;
            child.render(indent + (last ? "    " : "│   "), lines, counts);
        }
    }
}
