package dev.ociconv.converter.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Applies layer entries to a {@link ConfinedRoot}, in one of two modes.
 *
 * <p>{@code merged}: whiteouts are applied. {@code .wh.NAME} deletes NAME unless this layer
 * itself wrote it (whiteouts only hide lower layers); {@code .wh..wh..opq} empties its directory
 * of everything this layer did not write, recursively, so the marker works whatever its place
 * in the stream. Every path this layer writes is recorded with its ancestors for that purpose
 * (memory grows with the number of paths of one layer, not with bytes).
 *
 * <p>{@code overlay}: one layer per root; whiteouts become OverlayFS ones when running as root
 * (a 0/0 character device; the {@code user.overlay.opaque} xattr), else stay as {@code .wh.}
 * files with a warning.
 */
final class LayerApplier {
    private final ConfinedRoot root;
    private final UnpackOptions options;
    private final Warnings warnings;
    private final Attributes attributes;
    private final DirectoryTimes dirs;
    private final boolean merged;
    private final Set<String> thisLayer = new HashSet<>();
    long entries;
    long bytes;
    boolean overlayWhiteoutsKeptAsFiles;
    /** The mode the image gives its root ({@code ./} in a layer; the last one wins), or null. */
    Integer rootMode;

    LayerApplier(ConfinedRoot root, UnpackOptions options, Warnings warnings, DirectoryTimes dirs, boolean merged) {
        this.root = root;
        this.options = options;
        this.warnings = warnings;
        this.attributes = new Attributes(options, warnings);
        this.dirs = dirs;
        this.merged = merged;
    }

    void beginLayer() {
        thisLayer.clear();
    }

    void apply(TarArchiveEntry e, String path, InputStream content) throws IOException {
        entries++;
        EntryPath.Kind kind = EntryPath.classify(path);
        if (kind instanceof EntryPath.AufsMeta) {
            warnings.add("AUFS metadata entries (.wh..wh.*) ignored");
            return;
        }
        if (merged && kind instanceof EntryPath.Whiteout w) {
            whiteout(w.target());
        } else if (merged && kind instanceof EntryPath.Opaque o) {
            String dir = root.resolveDirectory(o.dir(), this::createdImplicitly);
            mark(dir);
            clearLower(dir);
        } else if (!merged && kind instanceof EntryPath.Whiteout w && overlayReady()) {
            Path p = slot(w.target(), false);
            SpecialFiles.mknod(p, 'c', 0, 0, 0);
        } else if (!merged && kind instanceof EntryPath.Opaque o && overlayReady()) {
            String dir = root.resolveDirectory(o.dir(), this::createdImplicitly);
            SpecialFiles.markOpaque(root.path(dir));
        } else {
            if (!merged && !(kind instanceof EntryPath.Plain)) {
                overlayWhiteoutsKeptAsFiles = true;
                warnings.add("whiteouts kept as .wh. files: OverlayFS whiteouts need root");
            }
            write(e, path, content);
        }
    }

    /** OverlayFS whiteouts can be made: root, and mknod(1) present. */
    boolean overlayReady() {
        return options.assumeRoot() && SpecialFiles.mknodAvailable();
    }

    private void whiteout(String target) throws IOException {
        String parent = root.resolveDirectory(EntryPath.parent(target), null);
        if (parent == null) {
            return;
        }
        String resolved = EntryPath.child(parent, EntryPath.baseName(target));
        if (thisLayer.contains(resolved)) {
            // Whiteouts hide lower layers only: what this layer wrote stays; under a directory it
            // wrote into, the lower content goes (as if the directory were opaque).
            BasicFileAttributes a = ConfinedRoot.attributes(root.path(resolved));
            if (a != null && a.isDirectory()) {
                clearLower(resolved);
            }
            return;
        }
        remove(resolved);
    }

    /** Deletes from a real directory whatever this layer did not write (descending into what it did). */
    private void clearLower(String dir) throws IOException {
        for (String name : root.children(dir)) {
            String rel = EntryPath.child(dir, name);
            if (!thisLayer.contains(rel)) {
                remove(rel);
                continue;
            }
            BasicFileAttributes a = ConfinedRoot.attributes(root.path(rel));
            if (a != null && a.isDirectory()) {
                clearLower(rel);
            }
        }
    }

    private void remove(String resolved) throws IOException {
        root.deleteTree(resolved);
        dirs.forget(resolved);
    }

    private void createdImplicitly(String resolved) {
        dirs.implicit(resolved);
        mark(resolved);
    }

    private void mark(String resolved) {
        String p = resolved;
        while (!p.isEmpty() && thisLayer.add(p)) {
            p = EntryPath.parent(p);
        }
    }

    /**
     * Makes room for a new entry at {@code path}: resolves the parent inside the root, removes
     * whatever is at the name (a directory survives only when a directory replaces it). Returns
     * the path to create.
     */
    private Path slot(String path, boolean directory) throws IOException {
        if (path.isEmpty()) {
            throw new IOException("entry would replace the root directory");
        }
        String parent = root.resolveDirectory(EntryPath.parent(path), this::createdImplicitly);
        String resolved = EntryPath.child(parent, EntryPath.baseName(path));
        Path p = root.path(resolved);
        BasicFileAttributes a = ConfinedRoot.attributes(p);
        if (a != null && !(directory && a.isDirectory())) {
            remove(resolved);
        }
        mark(resolved);
        lastResolved = resolved;
        return p;
    }

    private String lastResolved;

    private void write(TarArchiveEntry e, String path, InputStream content) throws IOException {
        // Links and devices first: Commons Compress calls any entry whose name ends in '/' a directory.
        if (path.isEmpty()) {
            if (e.isDirectory() && !e.isSymbolicLink() && !e.isLink()) {
                // The root stays ours (0700) while we write; its mode is set when the result is committed.
                rootMode = e.getMode() & (options.keepSpecialBits() ? 07777 : 0777);
                return;
            }
            throw new IOException("entry would replace the root directory");
        }
        if (e.isSymbolicLink()) {
            String target = e.getLinkName();
            if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
                throw new IOException("invalid symlink target");
            }
            if (target.length() > options.limits().maxPathLength()) {
                throw new IOException("symlink target longer than " + options.limits().maxPathLength()
                        + " characters (limit)");
            }
            Path p = slot(path, false);
            root.invalidate();
            Files.createSymbolicLink(p, Path.of(target));
            attributes.owner(p, e.getLongUserId(), e.getLongGroupId());
            attributes.mtime(p, e.getLastModifiedTime(), true);
        } else if (e.isLink()) {
            hardlink(e, path);
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            device(e, path);
        } else if (e.isDirectory()) {
            Path p = slot(path, true);
            if (ConfinedRoot.attributes(p) == null) {
                Files.createDirectory(p);
            }
            dirs.put(lastResolved, new DirectoryTimes.Meta(e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                    e.getLastModifiedTime(), true));
        } else if (isRegular(e.getLinkFlag())) {
            Path p = slot(path, false);
            long n;
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                n = content.transferTo(out);
            }
            if (n != e.getSize()) {
                throw new IOException("truncated: " + n + " of " + e.getSize() + " bytes");
            }
            bytes += n;
            finish(p, e);
        } else {
            throw new IOException("unsupported entry type '" + (char) e.getLinkFlag() + "'");
        }
    }

    /** Old and new regular-file flags, and contiguous files (GNU tar writes them as regular). */
    static boolean isRegular(byte flag) {
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private void hardlink(TarArchiveEntry e, String path) throws IOException {
        String target = EntryPath.normalize(e.getLinkName(), options.limits().maxPathLength());
        String resolvedTarget = root.resolveStrict(target);
        BasicFileAttributes ta = resolvedTarget == null ? null : ConfinedRoot.attributes(root.path(resolvedTarget));
        if (ta == null || !ta.isRegularFile()) {
            throw new IOException("hardlink target '" + UnpackException.printable(e.getLinkName())
                    + "' is not a regular file already extracted (reached without symlinks)");
        }
        String parent = root.resolveDirectory(EntryPath.parent(path), this::createdImplicitly);
        if (EntryPath.child(parent, EntryPath.baseName(path)).equals(resolvedTarget)) {
            return; // a link to itself: nothing to do
        }
        Path p = slot(path, false);
        Files.createLink(p, root.path(resolvedTarget));
    }

    private void device(TarArchiveEntry e, String path) throws IOException {
        if (!options.assumeRoot() || !options.devices()) {
            warnings.add("device nodes and FIFOs skipped: " + (options.assumeRoot() ? "devices not enabled" : "not running as root"));
            return;
        }
        Path p = slot(path, false);
        char type = e.isFIFO() ? 'p' : e.isCharacterDevice() ? 'c' : 'b';
        SpecialFiles.mknod(p, type, e.getDevMajor(), e.getDevMinor(), attributes.mode(e.getMode()));
        // mknod -m set the mode. Times of special files are left as made: setting them through
        // Java would open the node (a FIFO would block).
        attributes.owner(p, e.getLongUserId(), e.getLongGroupId());
    }

    private void finish(Path p, TarArchiveEntry e) throws IOException {
        attributes.owner(p, e.getLongUserId(), e.getLongGroupId());
        attributes.modeOfNewFile(p, e.getMode());
        attributes.mtime(p, e.getLastModifiedTime(), false);
    }
}
