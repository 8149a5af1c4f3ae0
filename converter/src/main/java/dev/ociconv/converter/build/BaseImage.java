package dev.ociconv.converter.build;

import dev.ociconv.converter.copy.SingleImage;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.ManifestNode;

import java.io.IOException;
import java.util.Optional;

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
            SingleImage image = SingleImage.resolve(source, ref.reference(), Optional.of(wanted), false);
            return new BaseImage(source, image.node());
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
