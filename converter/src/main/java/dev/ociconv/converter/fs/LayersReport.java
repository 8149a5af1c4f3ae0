package dev.ociconv.converter.fs;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link Unpacker#unpackLayers}: one directory per layer, bottom first, and the
 * mount command that stacks them.
 *
 * @param layerDirs    {@code DIR/NN-<diffid hex 12>}, bottom layer first
 * @param mountCommand {@code mount -t overlay overlay -o lowerdir=TOP:…:BOTTOM MERGED}; only
 *                     meaningful when {@link #overlayReady()}
 * @param overlayReady false when some whiteout had to stay a {@code .wh.} file (not root, or no
 *                     mknod(1)): the directories are then not a valid overlay stack
 * @param report       counts and warnings
 */
public record LayersReport(List<Path> layerDirs, String mountCommand, boolean overlayReady, UnpackReport report) {
    public LayersReport {
        layerDirs = List.copyOf(layerDirs);
    }
}
