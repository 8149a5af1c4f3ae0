package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.RandomAccessTarStore;
import dev.ociconv.converter.archive.SpoolPolicy;
import dev.ociconv.converter.archive.SpooledTarStore;
import dev.ociconv.converter.archive.TarEntry;
import dev.ociconv.converter.archive.TarPolicy;
import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.model.content.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * How a docker archive is read from the one tar store: links followed inside the archive
 * (Docker writes symlinked layers), every file kept (manifest.json, which says what matters,
 * may come last), documents in memory, each file's sha256 computed while spooled (an
 * uncompressed layer's is its diffID: no second pass).
 */
record ArchiveReading(TarStore store, SavingTraces traces) {

    static ArchiveReading inPlace(Path file, String archive, Limits limits) throws IOException {
        SavingTraces traces = new SavingTraces();
        return new ArchiveReading(RandomAccessTarStore.open(file, archive, TarPolicy.strict(limits, true), traces), traces);
    }

    static ArchiveReading spooled(InputStream tar, Path spoolDir, String archive, Limits limits) throws IOException {
        SavingTraces traces = new SavingTraces();
        return new ArchiveReading(SpooledTarStore.read(tar, spoolDir, archive, TarPolicy.strict(limits, true),
                new Documents(limits), traces), traces);
    }

    /** Documents we parse, and blobs small enough to be documents: worth keeping in memory. */
    private record Documents(Limits limits) implements SpoolPolicy {
        @Override
        public boolean wanted(TarEntry file) {
            return true;
        }

        @Override
        public boolean inMemory(TarEntry e) {
            if (e.size() > Math.max(limits.maxConfigBytes(), limits.maxManifestBytes())) {
                return false;
            }
            String n = e.name();
            String base = n.substring(n.lastIndexOf('/') + 1);
            return base.endsWith(".json") || base.equals("json") || base.equals("VERSION")
                    || n.equals("repositories") || n.equals("oci-layout")
                    || base.startsWith("sha256:") || n.startsWith("blobs/") && e.size() <= 64 * 1024;
        }

        @Override
        public boolean hash() {
            return true;
        }
    }
}
