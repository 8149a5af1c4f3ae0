package dev.ociconv.converter.build;

import dev.ociconv.converter.copy.ImageSelector;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.util.List;

/**
 * The image a build starts {@code FROM}: one image of an archive, layout or registry (chosen by
 * the location's reference, e.g. {@code docker-archive:both.tar:testuser/testimage:v1}); from an
 * index, the manifest for the wanted platform.
 */
record BaseImage(ImageSource source, ManifestNode node) {

    static BaseImage open(String location, Platform wanted, Transports.OpenContext ctx) throws IOException {
        TransportRef ref = TransportRef.parse(location);
        ImageSource source = Transports.openSource(ref, ctx);
        try {
            List<SourceEntry> entries = ImageSelector.select(source.entries(), ref.reference(), source.description());
            if (entries.size() != 1) {
                throw new IOException("--from " + location + ": holds " + entries.size()
                        + " images; name one, e.g. " + location + ":@0");
            }
            ImageNode node = source.resolve(entries.get(0).root());
            ManifestNode m = node instanceof IndexNode index ? forPlatform(source, index, wanted, 0) : (ManifestNode) node;
            if (m == null) {
                throw new IOException("--from " + location + ": no image for platform " + wanted + " in its index; set --os/--arch");
            }
            return new BaseImage(source, m);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static ManifestNode forPlatform(ImageSource source, IndexNode index, Platform wanted, int depth)
            throws IOException {
        if (depth > 8) {
            throw new IOException(source.description() + ": indexes nested more than 8 deep");
        }
        for (Descriptor child : index.index().manifests()) {
            if (child.mediaType().isIndex()) {
                if (source.resolve(child) instanceof IndexNode nested) {
                    ManifestNode m = forPlatform(source, nested, wanted, depth + 1);
                    if (m != null) {
                        return m;
                    }
                }
            } else if (child.platform() != null && wanted.matches(child.platform())
                    && source.resolve(child) instanceof ManifestNode m) {
                return m;
            }
        }
        return null;
    }
}
