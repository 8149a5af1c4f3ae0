package dev.ociconv.converter.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Archive files as readers open them: one file, or a split archive named by its first volume
 * ({@code bundle.tar.000}, with {@code .001}, {@code .002}, … beside it, as {@code mirror --split}
 * and {@code split -d -a 3} write them), read as the one file {@code cat} would make.
 * A set with a gap, or whose volumes before the last differ in size, is refused by name.
 */
public final class ArchiveFiles {
    private static final Pattern FIRST = Pattern.compile(".*\\.0+");
    /** Beyond the last volume found, this many more names are looked at for a gap. */
    private static final int GAP_LOOKAHEAD = 16;

    private ArchiveFiles() {
    }

    /** True when {@code file} is the first volume of a split archive: its name ends in .000 and later volumes are beside it. */
    public static boolean isSplit(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!FIRST.matcher(name).matches()) {
            return false;
        }
        for (int k = 1; k <= GAP_LOOKAHEAD; k++) {
            if (Files.exists(volume(file, k), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /** The files that make up the archive: the volumes of a split one, in order, else {@code file} alone. */
    public static List<Path> volumes(Path file) throws IOException {
        if (!isSplit(file)) {
            return List.of(file);
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; Files.exists(volume(file, i), LinkOption.NOFOLLOW_LINKS); i++) {
            out.add(volume(file, i));
        }
        for (int k = out.size() + 1; k <= out.size() + GAP_LOOKAHEAD; k++) {
            if (Files.exists(volume(file, k), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file + ": split archive: volume " + volume(file, out.size()).getFileName()
                        + " is missing (" + volume(file, k).getFileName() + " is there)");
            }
        }
        long size = Files.size(out.get(0));
        for (int i = 1; i < out.size(); i++) {
            long s = Files.size(out.get(i));
            if (i < out.size() - 1 ? s != size : s > size) {
                throw new IOException(out.get(i) + ": split archive: this volume has " + s + " bytes, the first " + size
                        + " (a volume cut short, or from another set)");
            }
        }
        return out;
    }

    /**
     * A quoted glob for a split archive's volumes ({@code 'bundle.tar.*'}, as a user types it for
     * the set) names the set by its first volume. Anything else comes back as it is: a name
     * without glob characters, a file that exists under that very name, a glob matching nothing
     * (an output, or "no such file" later). A glob matching files that are not one set's volumes
     * is refused, naming them.
     */
    public static String volumeGlob(String location) throws IOException {
        if (location.indexOf('*') < 0 && location.indexOf('?') < 0 && location.indexOf('[') < 0) {
            return location;
        }
        Path given = Path.of(location);
        if (Files.exists(given, LinkOption.NOFOLLOW_LINKS) || given.getFileName() == null) {
            return location;
        }
        Path dir = given.getParent() == null ? Path.of(".") : given.getParent();
        if (!Files.isDirectory(dir)) {
            return location;
        }
        java.nio.file.PathMatcher glob = dir.getFileSystem().getPathMatcher("glob:" + given.getFileName());
        List<String> names;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> glob.matches(Path.of(n))).sorted().toList();
        }
        if (names.isEmpty()) {
            return location;
        }
        Path first = dir.resolve(names.get(0));
        if (FIRST.matcher(names.get(0)).matches()) {
            List<String> set = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                set.add(volume(first, i).getFileName().toString());
            }
            if (set.equals(names)) {
                return given.getParent() == null ? names.get(0) : given.resolveSibling(names.get(0)).toString();
            }
        }
        if (names.stream().noneMatch(n -> n.matches(".*\\.[0-9]+"))) {
            return location; // a glob that happens to match other files (an output's name, say): not ours to read
        }
        throw new IllegalArgumentException("'" + location + "' matches " + names.size() + " files that are not the volumes of one split archive ("
                + String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", …" : "")
                + "); name its first volume (NAME.000)");
    }

    /** Volume {@code n} beside the first: {@code NAME.000} → {@code NAME.00n}, as many digits as the first has. */
    static Path volume(Path first, int n) {
        String name = first.getFileName().toString();
        int dot = name.lastIndexOf('.');
        int digits = name.length() - dot - 1;
        return first.resolveSibling(name.substring(0, dot + 1) + String.format(Locale.ROOT, "%0" + digits + "d", n));
    }

    /** A read-only channel over the whole archive. */
    public static FileChannel openChannel(Path file) throws IOException {
        List<Path> volumes = volumes(file);
        return volumes.size() == 1 ? FileChannel.open(file, StandardOpenOption.READ) : new VolumeChannel(volumes);
    }

    /** The whole archive as a stream from its start. */
    public static InputStream openStream(Path file) throws IOException {
        return isSplit(file) ? Channels.newInputStream(openChannel(file)) : Files.newInputStream(file);
    }

    /** The whole archive's size. */
    public static long size(Path file) throws IOException {
        long total = 0;
        for (Path v : volumes(file)) {
            total += Files.size(v);
        }
        return total;
    }
}
