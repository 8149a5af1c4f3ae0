package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.SingleImage;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.ImageSource;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Optional;

/** Options of the commands that work on one image's filesystem. */
final class SingleImageFlags {
    @Option(names = "--image", paramLabel = "NAME:TAG|@N", description = "Which image of a multi-image source.")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Which platform of a multi-platform image (default: this machine's).")
    String platform;

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Stop with an error past this many uncompressed bytes in all (default: 1 TiB).")
    Long maxBytes;

    @Option(names = "--max-entries", paramLabel = "N", description = "Stop with an error past this many tar entries.")
    Long maxEntries;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    SingleImage resolve(ImageSource source, Optional<String> fromLocation) throws IOException {
        Optional<String> selector = Optional.ofNullable(image).or(() -> fromLocation);
        return SingleImage.resolve(source, selector, Optional.ofNullable(platform).map(Platform::parse));
    }

    dev.ociconv.converter.fs.UnpackLimits limits() {
        var l = dev.ociconv.converter.fs.UnpackLimits.defaults();
        if (maxBytes != null) {
            l = l.withMaxTotalBytes(maxBytes);
        }
        if (maxEntries != null) {
            l = l.withMaxEntries(maxEntries);
        }
        return l;
    }
}
