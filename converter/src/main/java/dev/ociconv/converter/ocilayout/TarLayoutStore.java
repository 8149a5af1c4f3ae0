package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.archive.RandomAccessTarStore;
import dev.ociconv.converter.archive.SpoolPolicy;
import dev.ociconv.converter.archive.SpooledTarStore;
import dev.ociconv.converter.archive.TarEntry;
import dev.ociconv.converter.archive.TarPolicy;
import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layout tar seen through the one tar store: read in place when uncompressed, in one pass
 * otherwise (keeping only layout files: the metadata and blobs named by a valid digest). Links
 * are refused, as the image-layout spec has none; a name given twice is refused by the store.
 */
final class TarLayoutStore implements LayoutStore {
    /** Blobs up to this size stay in memory (while the store's budget lasts): manifests and configs are below it. */
    static final long IN_MEMORY_BLOB = 4L << 20;

    private final TarStore tar;

    private TarLayoutStore(TarStore tar) {
        this.tar = tar;
    }

    static TarLayoutStore inPlace(Path file, String description, Limits limits) throws IOException {
        return new TarLayoutStore(RandomAccessTarStore.open(file, description, TarPolicy.strict(limits, false),
                TarStore.HeaderObserver.NONE));
    }

    static TarLayoutStore spooled(InputStream in, Path spoolDir, String description, Limits limits) throws IOException {
        return new TarLayoutStore(SpooledTarStore.read(in, spoolDir, description, TarPolicy.strict(limits, false),
                new LayoutFiles(), TarStore.HeaderObserver.NONE));
    }

    private Optional<TarEntry> file(String path) throws IOException {
        return tar.findFile(path).filter(tar::holdsData);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        Optional<TarEntry> e = file(path);
        return e.isEmpty() ? OptionalLong.empty() : OptionalLong.of(e.get().size());
    }

    @Override
    public InputStream open(String path) throws IOException {
        Optional<TarEntry> e = file(path);
        if (e.isEmpty()) {
            throw new NoSuchFileException(path);
        }
        return tar.openData(e.get());
    }

    @Override
    public Set<String> paths() {
        Set<String> out = new TreeSet<>();
        tar.entries().values().forEach(e -> {
            if (e.kind() == TarEntry.Kind.FILE && tar.holdsData(e)) {
                out.add(e.name());
            }
        });
        return out;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Layout files: the metadata files and blobs named by a valid digest; the metadata and small blobs in memory. */
    private static final class LayoutFiles implements SpoolPolicy {
        @Override
        public boolean wanted(TarEntry file) {
            if (metadata(file.name())) {
                return true;
            }
            String[] parts = file.name().split("/");
            return parts.length == 3 && parts[0].equals("blobs") && Digest.isValid(parts[1] + ":" + parts[2]);
        }

        @Override
        public boolean inMemory(TarEntry file) {
            return metadata(file.name()) || file.size() <= IN_MEMORY_BLOB;
        }

        @Override
        public boolean hash() {
            return false; // the layout reader verifies every blob it reads by its name
        }

        /** mirror.json: a mirror bundle's inventory. */
        private static boolean metadata(String name) {
            return name.equals("oci-layout") || name.equals("index.json") || name.equals("mirror.json");
        }
    }
}
