package dev.ociconv.converter.mirror;

import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.digest.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Opening a bundle that was written (a layout directory, an archive, a split archive's first volume) and its inventory. */
public final class Bundles {
    /** An inventory is a few hundred bytes per blob: 64 MiB holds hundreds of thousands. */
    static final long MAX_INVENTORY_BYTES = 64L << 20;

    private Bundles() {
    }

    /** The bundle at {@code path} as a source: {@code oci:}/{@code oci-archive:} prefixes or a plain directory or file. */
    public static OciLayoutSource open(String location, Transports.OpenContext ctx) throws IOException {
        String p = location.startsWith("oci:") ? location.substring(4)
                : location.startsWith("oci-archive:") ? location.substring(12) : location;
        Path path = Path.of(dev.ociconv.converter.io.ArchiveFiles.volumeGlob(p));
        if (Files.isDirectory(path)) {
            return OciLayoutSource.openDirectory(path, ctx.limits());
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(location);
        }
        return OciLayoutSource.openArchive(path, ctx.tempDir(), ctx.limits());
    }

    /** The bundle's {@code mirror.json}, or empty when it has none (a layout not written by mirror). */
    public static Optional<byte[]> inventoryBytes(OciLayoutSource bundle) throws IOException {
        return bundle.readTopFile(MirrorInventory.FILE, MAX_INVENTORY_BYTES);
    }

    /**
     * The base of a differential bundle: a bundle (its {@code mirror.json}), or an inventory file
     * ({@code mirror.json}, or what {@code mirror inventory} wrote).
     */
    public static BundleWriter.Base base(Path path, Transports.OpenContext ctx) throws IOException {
        byte[] bytes;
        String what;
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) {
            try (InputStream in = Files.newInputStream(path)) {
                bytes = BoundedReads.readAtMost(in, MAX_INVENTORY_BYTES, path.toString());
            }
            what = path.toString();
        } else {
            try (OciLayoutSource old = open(path.toString(), ctx)) {
                bytes = inventoryBytes(old).orElseThrow(() -> new IOException(path + ": --since names a layout without "
                        + MirrorInventory.FILE + ": give a bundle written by ociconv mirror, or an inventory file"));
            }
            what = path + ": " + MirrorInventory.FILE;
        }
        return new BundleWriter.Base(MirrorInventory.parse(bytes, what), Digest.sha256(bytes));
    }
}
