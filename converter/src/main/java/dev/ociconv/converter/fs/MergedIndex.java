package dev.ociconv.converter.fs;

import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The merged filesystem of an image as an index of paths, built by streaming the layers once,
 * bottom-up, with the same whiteout rules as {@link Unpacker}: no content is kept, only each
 * surviving entry's header and where its content lives (layer and entry ordinal), so memory
 * grows with the number of paths, never with bytes.
 *
 * <p>Hardlinks record the origin of their target's content; the exporter groups them by it.
 * Names are taken as written (no symlink is ever resolved: nothing is written to disk).
 */
final class MergedIndex {

    /**
     * One surviving entry. {@code origin} is the (layer, ordinal) of the content for files and
     * hardlinks, else -1; {@code size} is that content's size.
     */
    record Node(int layer, byte flag, int mode, long uid, long gid, FileTime mtime, String linkName, long size,
                int devMajor, int devMinor, long origin, Map<String, String> xattrs) {
        boolean directory() {
            return flag == TarConstants.LF_DIR;
        }
    }

    static long origin(int layer, long ordinal) {
        return ((long) layer << 40) | ordinal;
    }

    static int originLayer(long origin) {
        return (int) (origin >>> 40);
    }

    final TreeMap<String, Node> paths = new TreeMap<>();
    private final int budgetPathLength;
    private int layer;
    private long ordinal;

    private MergedIndex(int maxPathLength) {
        this.budgetPathLength = maxPathLength;
    }

    static MergedIndex build(ImageSource source, List<LayerRef> layers, Budget budget) throws IOException {
        MergedIndex index = new MergedIndex(budget.limits.maxPathLength());
        for (int i = 0; i < layers.size(); i++) {
            index.layer = i;
            index.ordinal = 0;
            LayerReader.read(source, layers.get(i), i, budget, index::add);
        }
        return index;
    }

    private void add(TarArchiveEntry e, String path, InputStream content) throws IOException {
        long n = ordinal++;
        EntryPath.Kind kind = EntryPath.classify(path);
        if (kind instanceof EntryPath.AufsMeta) {
            return;
        }
        if (kind instanceof EntryPath.Whiteout w) {
            Node existing = paths.get(w.target());
            if (existing != null && existing.layer() < layer) {
                paths.remove(w.target());
            }
            removeLowerDescendants(w.target(), true);
            return;
        }
        if (kind instanceof EntryPath.Opaque o) {
            removeLowerDescendants(o.dir(), true);
            return;
        }
        boolean symlink = e.isSymbolicLink();
        boolean hardlink = e.isLink();
        boolean device = e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO();
        boolean directory = !symlink && !hardlink && !device && e.isDirectory();
        if (path.isEmpty()) {
            if (directory) {
                return;
            }
            throw new IOException("entry would replace the root directory");
        }
        if (!directory) {
            removeLowerDescendants(path, false);
        }
        byte flag;
        long origin = -1;
        long size = 0;
        String link = null;
        if (symlink) {
            flag = TarConstants.LF_SYMLINK;
            link = e.getLinkName();
            if (link == null || link.isEmpty() || link.length() > budgetPathLength) {
                throw new IOException("invalid symlink target");
            }
        } else if (hardlink) {
            flag = TarConstants.LF_LINK;
            String target = EntryPath.normalize(e.getLinkName(), budgetPathLength);
            Node t = paths.get(target);
            if (t == null || t.origin() < 0) {
                throw new IOException("hardlink target '" + UnpackException.printable(e.getLinkName())
                        + "' is not a regular file already extracted");
            }
            origin = t.origin();
            size = t.size();
        } else if (device) {
            flag = e.getLinkFlag();
        } else if (directory) {
            flag = TarConstants.LF_DIR;
        } else if (LayerApplier.isRegular(e.getLinkFlag())) {
            flag = TarConstants.LF_NORMAL;
            origin = origin(layer, n);
            size = e.getSize();
        } else {
            throw new IOException("unsupported entry type '" + (char) e.getLinkFlag() + "'");
        }
        Node node = new Node(layer, flag, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                e.getLastModifiedTime(), link, size, e.getDevMajor(), e.getDevMinor(), origin, xattrs(e));
        if (hardlink) {
            // A hardlink shares its target's inode: mode, owners, time and xattrs are the target's.
            Node t = paths.get(EntryPath.normalize(e.getLinkName(), budgetPathLength));
            node = new Node(layer, flag, t.mode(), t.uid(), t.gid(), t.mtime(), null, size, 0, 0, origin, t.xattrs());
        }
        paths.put(path, node);
    }

    /** Removes what lies under {@code dir}: only lower layers' entries when {@code lowerOnly}. */
    private void removeLowerDescendants(String dir, boolean lowerOnly) {
        NavigableMap<String, Node> under = dir.isEmpty() ? paths : paths.subMap(dir + "/", true, dir + "0", false);
        for (Iterator<Node> it = under.values().iterator(); it.hasNext(); ) {
            Node node = it.next();
            if (!lowerOnly || node.layer() < layer) {
                it.remove();
            }
        }
    }

    private static Map<String, String> xattrs(TarArchiveEntry e) {
        Map<String, String> out = null;
        for (var h : e.getExtraPaxHeaders().entrySet()) {
            if (h.getKey().startsWith("SCHILY.xattr.")) {
                if (out == null) {
                    out = new HashMap<>();
                }
                out.put(h.getKey(), h.getValue());
            }
        }
        return out == null ? Map.of() : Map.copyOf(out);
    }
}
