package dev.ociconv.converter.fs;

import dev.ociconv.converter.io.AtomicFiles;
import dev.ociconv.converter.io.FileModes;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks an image's layers into a directory, safely and atomically.
 *
 * <p>{@link #unpack} builds the merged root filesystem (layers bottom-up, OCI whiteouts
 * applied); {@link #unpackLayers} writes each layer to its own directory with OverlayFS
 * whiteouts and says how to mount them. Both write into a 0700 temp directory beside
 * {@code dir} and rename it to {@code dir} at the end; {@code dir} must be absent or empty, and
 * after any failure it is left as it was. Nothing is ever written outside it ({@link ConfinedRoot}).
 *
 * <p>As root, owners are restored and (with {@code devices}) device nodes and FIFOs made with
 * mknod(1); otherwise each is skipped with one warning in the report.
 */
public final class Unpacker {
    private Unpacker() {
    }

    /** The merged root filesystem of {@code image} into {@code dir}. */
    public static UnpackReport unpack(ImageSource source, ManifestNode image, Path dir, UnpackOptions options)
            throws IOException {
        int[] rootMode = {0755};
        return atomically(dir, temp -> {
            Warnings warnings = new Warnings();
            Budget budget = new Budget(options.limits());
            ConfinedRoot root = new ConfinedRoot(temp);
            DirectoryTimes dirs = new DirectoryTimes();
            LayerApplier applier = new LayerApplier(root, options, warnings, dirs, true);
            List<LayerRef> layers = image.layers();
            for (int i = 0; i < layers.size(); i++) {
                applier.beginLayer();
                LayerReader.read(source, layers.get(i), i, budget, applier::apply);
            }
            dirs.apply(root, new Attributes(options, warnings));
            // The root's mode is the image's own, else 0755 as umoci gives it: a container or chroot
            // running as another user must be able to enter /. Set last: 0555 would stop the writing.
            rootMode[0] = applier.rootMode != null ? applier.rootMode : 0755;
            return new UnpackReport(applier.entries, applier.bytes, warnings.list());
        }, rootMode);
    }

    /**
     * Each layer into {@code dir/NN-<diffid hex 12>/} (NN from 00, bottom first), whiteouts in
     * OverlayFS form when running as root. The mount line lists the layers top first and uses
     * {@code userxattr} because opaque directories carry {@code user.overlay.opaque}.
     */
    public static LayersReport unpackLayers(ImageSource source, ManifestNode image, Path dir, UnpackOptions options)
            throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        List<Path> finalDirs = new ArrayList<>();
        boolean[] ready = {true};
        UnpackReport report = atomically(target, temp -> {
            Warnings warnings = new Warnings();
            Budget budget = new Budget(options.limits());
            long entries = 0;
            long bytes = 0;
            List<LayerRef> layers = image.layers();
            List<ConfinedRoot> roots = new ArrayList<>();
            List<DirectoryTimes> dirsOfLayers = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String name = String.format("%02d-%s", i, layers.get(i).diffId().hex().substring(0, 12));
                Path layerDir = Files.createDirectory(temp.resolve(name));
                ConfinedRoot root = new ConfinedRoot(layerDir);
                DirectoryTimes dirs = new DirectoryTimes();
                LayerApplier applier = new LayerApplier(root, options, warnings, dirs, false);
                LayerReader.read(source, layers.get(i), i, budget, applier::apply);
                // Directory modes are applied once all layers are in: a read-only directory
                // would otherwise stop the cleanup of a later failure when not running as root.
                roots.add(root);
                dirsOfLayers.add(dirs);
                entries += applier.entries;
                bytes += applier.bytes;
                ready[0] &= applier.overlayReady() || !applier.overlayWhiteoutsKeptAsFiles;
                finalDirs.add(target.resolve(name));
            }
            Attributes attributes = new Attributes(options, warnings);
            for (int i = 0; i < roots.size(); i++) {
                dirsOfLayers.get(i).apply(roots.get(i), attributes);
                Files.setAttribute(roots.get(i).root(), "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            }
            if (!ready[0]) {
                warnings.add("layers are not ready for OverlayFS: whiteouts kept as .wh. files");
            }
            return new UnpackReport(entries, bytes, warnings.list());
        }, new int[] {FileModes.directoryMode()});
        return new LayersReport(finalDirs, mountCommand(finalDirs), ready[0], report);
    }

    /** {@code mount -t overlay overlay -o lowerdir=TOP:…:BOTTOM,userxattr MERGED}. */
    static String mountCommand(List<Path> bottomFirst) {
        List<String> top = new ArrayList<>();
        for (int i = bottomFirst.size() - 1; i >= 0; i--) {
            top.add(bottomFirst.get(i).toString());
        }
        return "mount -t overlay overlay -o lowerdir=" + String.join(":", top) + ",userxattr MERGED";
    }

    interface Work<T> {
        T run(Path temp) throws IOException;
    }

    /**
     * Runs {@code work} in a fresh private temp dir beside {@code dir}, gives it {@code mode[0]}
     * (as the work left it) and renames it to {@code dir}.
     */
    static <T> T atomically(Path dir, Work<T> work, int[] mode) throws IOException {
        Path target = checkTarget(dir);
        TempFiles.sweep(target.getParent());
        Path temp = AtomicFiles.tempDirBeside(target);
        boolean done = false;
        try {
            T result = work.run(temp);
            checkEmptyOrAbsent(target);
            Files.deleteIfExists(target);
            FileModes.setMode(temp, mode[0]);
            TempFiles.publishNew(temp, target);
            done = true;
            return result;
        } finally {
            if (!done) {
                TempFiles.delete(temp);
            }
        }
    }

    /**
     * Checks, before any work, that {@code dir} can receive an unpacked image: absent or an empty
     * directory, not the filesystem root; its parent is made if missing. Returns it, absolute.
     */
    public static Path checkTarget(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IOException(dir + ": cannot unpack into the filesystem root");
        }
        checkEmptyOrAbsent(target);
        Files.createDirectories(target.getParent());
        return target;
    }

    private static void checkEmptyOrAbsent(Path target) throws IOException {
        var a = ConfinedRoot.attributes(target);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "exists and is not a directory (unpack writes a new directory)");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            if (ds.iterator().hasNext()) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "directory is not empty (unpack writes a new or empty directory)");
            }
        }
    }
}
