package dev.ociconv.converter.ocilayout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A layout on disk. Every file is resolved with {@link Path#toRealPath} and must stay inside the
 * layout's real directory: a symlink in {@code blobs/} that points elsewhere (a trampoline to
 * {@code /etc/shadow}) is refused, one that stays inside is followed.
 */
final class DirectoryLayoutStore implements LayoutStore {
    private final Path root;
    private final Path realRoot;

    DirectoryLayoutStore(Path root) throws IOException {
        this.root = root;
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root + ": not a directory");
        }
        this.realRoot = root.toRealPath();
    }

    private Path confined(String path) throws IOException {
        Path p = root.resolve(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            return null; // a dangling symlink holds nothing
        }
        if (!real.startsWith(realRoot)) {
            throw new IOException(path + ": a symlink that leaves the layout directory");
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException(path + ": not a regular file");
        }
        return real;
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        Path p = confined(path);
        return p == null ? OptionalLong.empty() : OptionalLong.of(Files.size(p));
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path p = confined(path);
        if (p == null) {
            throw new NoSuchFileException(path);
        }
        return Files.newInputStream(p);
    }

    @Override
    public java.util.Set<String> paths() throws IOException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(root, 3)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(root.relativize(p).toString().replace(java.io.File.separatorChar, '/'));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
