package dev.ociconv.converter.dockerarchive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only: the entries of a plain tar (names, kinds, times, link targets, small contents) and
 * where the shared samples corpus lives. Independent of DockerArchiveSource on purpose: the sink's
 * byte-exact tests must not lean on the reader they will later be paired with.
 */
final class SavedArchiveV1Reader {

    record Entry(String name, boolean dir, boolean symlink, String link, long size, long mtime, int mode) {
    }

    final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Path tar;

    SavedArchiveV1Reader(Path tar) throws IOException {
        this.tar = tar;
        try (TarFile f = new TarFile(tar)) {
            for (TarArchiveEntry e : f.getEntries()) {
                entries.put(e.getName(), new Entry(e.getName(), e.isDirectory(), e.isSymbolicLink(), e.getLinkName(),
                        e.getSize(), e.getLastModifiedTime().toMillis() / 1000, e.getMode()));
            }
        }
    }

    /** The bytes of a member; a symlink is followed (relative to its directory), as Docker's loader does. */
    byte[] read(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IOException("no entry " + name);
        }
        if (e.symlink()) {
            Path resolved = Paths.get(name).getParent().resolve(e.link()).normalize();
            return read(resolved.toString());
        }
        try (TarFile f = new TarFile(tar)) {
            for (TarArchiveEntry te : f.getEntries()) {
                if (te.getName().equals(name)) {
                    try (InputStream in = f.getInputStream(te)) {
                        return in.readAllBytes();
                    }
                }
            }
        }
        throw new IOException("no entry " + name);
    }

    static Path samplesRoot() {
        String env = System.getenv("OCICONV_SAMPLES");
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Paths.get("../shared/samples");
    }
}
