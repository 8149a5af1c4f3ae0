package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ArtifactNode;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Exactly one image of one platform out of a source, for commands that work on one filesystem
 * (unpack, export, build's base): the selected entry, and from an index the wanted platform.
 *
 * @param entry      the top-level entry it came from
 * @param node       the image
 * @param descriptor its manifest descriptor (for an archive without manifests: the config's)
 */
public record SingleImage(SourceEntry entry, ManifestNode node, Descriptor descriptor) {

    /**
     * Picks the image: {@code selector} as for {@code --image} (required when the source holds
     * several), and {@code wanted} from an index (empty: this machine's platform).
     */
    public static SingleImage resolve(ImageSource source, Optional<String> selector, Optional<Platform> wanted)
            throws IOException {
        return resolve(source, selector, wanted, true);
    }

    /**
     * As {@link #resolve(ImageSource, Optional, Optional)}; {@code strict} false takes a
     * single-platform image whatever {@code wanted} says (a build base whose platform is implied).
     */
    public static SingleImage resolve(ImageSource source, Optional<String> selector, Optional<Platform> wanted,
                                      boolean strict) throws IOException {
        List<SourceEntry> entries = ImageSelector.select(source.entries(), selector, source.description());
        if (entries.size() != 1) {
            throw new IOException(source.description() + " holds " + entries.size()
                    + " images; choose one with --image NAME or --image @N (" + ImageSelector.describe(entries) + ")");
        }
        SourceEntry entry = entries.get(0);
        ImageNode node = source.resolve(entry.root());
        if (node instanceof ArtifactNode a) {
            throw new IOException(source.description() + ": " + entry.root().digest().shortHex() + " is an artifact ("
                    + a.why() + "), not an image: it has no filesystem");
        }
        if (node instanceof ManifestNode m) {
            if (strict) {
                if (wanted.isPresent()) {
                    PlatformMatch.require(source, m, entry.root(), PlatformChoice.one(wanted.get()));
                }
            }
            return new SingleImage(entry, m, entry.root());
        }
        Platform p = wanted.orElseGet(Platform::host);
        PlatformMatch match = PlatformMatch.find(source, (IndexNode) node, entry.root(), p, wanted.isPresent());
        if (!(match.node() instanceof ManifestNode m)) {
            throw new IOException(source.description() + ": the manifest for " + p + ", " + match.descriptor().digest().shortHex()
                    + ", is an artifact (" + ((ArtifactNode) match.node()).why() + "), not an image: it has no filesystem");
        }
        return new SingleImage(entry, m, match.descriptor());
    }
}
