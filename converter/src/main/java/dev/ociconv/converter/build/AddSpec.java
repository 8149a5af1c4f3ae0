package dev.ociconv.converter.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code --add SRC:DEST}, like a Dockerfile {@code ADD SRC DEST}: a file or a directory on
 * the host and where it lands in the image. Each becomes one layer.
 *
 * <p>Placement follows Docker: a file goes to {@code DEST}, or into it when {@code DEST} ends
 * with {@code /}; a directory's <em>contents</em> go into {@code DEST}.
 *
 * @param source host path (file or directory; a symlink given here is followed)
 * @param dest   absolute path in the image, as written ({@code /hello.txt}, {@code /app/})
 */
public record AddSpec(Path source, String dest) {

    public AddSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dest, "dest");
        if (!dest.startsWith("/")) {
            throw new IllegalArgumentException("--add destination '" + dest + "' must be an absolute path in the image");
        }
        normalize(dest); // validates
    }

    /** Parses {@code SRC:DEST}; the last {@code :} splits, so a host path may hold colons but the image path may not. */
    public static AddSpec parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("invalid --add '" + text + "': expected SRC:DEST, e.g. hello.txt:/hello.txt");
        }
        return new AddSpec(Path.of(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** The path in the image without leading {@code /} (empty for the root), each element checked. */
    public String imagePath() {
        return normalize(dest);
    }

    /** True when {@code DEST} names a directory to put a file into. */
    public boolean destIsDirectory() {
        return dest.endsWith("/") || imagePath().isEmpty();
    }

    /** What Docker's classic builder shows in history: {@code ADD hello.txt /hello.txt}. */
    public String instruction() {
        return "ADD " + source.getFileName() + " " + dest;
    }

    private static String normalize(String dest) {
        List<String> parts = new ArrayList<>();
        for (String p : dest.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new IllegalArgumentException("--add destination '" + dest + "' must not contain '..'");
            }
            if (p.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("--add destination must not contain NUL");
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }
}
