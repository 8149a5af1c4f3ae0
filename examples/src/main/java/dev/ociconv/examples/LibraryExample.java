package dev.ociconv.examples;

// README library begin
import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.LayerCompression;
import dev.ociconv.converter.inspect.InspectReport;
// README library end

/**
 * README's "As a Java library": copy, inspect, and a copier run on ends opened by hand. Reads
 * {@code testimage.tar} and {@code alpine-310.tar.gz} from the working directory.
 */
public final class LibraryExample {
    private LibraryExample() {
    }

    public static void main(String[] args) throws Exception {
        // README library begin
        // copy: any location to any location, with options
        Ociconv.copy("docker-archive:testimage.tar", "oci:testimage-oci:v1",
                CopyOptions.defaults().withCompression(LayerCompression.GZIP));

        // inspect: what `ociconv inspect --json` prints, as records
        InspectReport report = Ociconv.inspect("oci:testimage-oci");
        report.images().forEach(image -> System.out.println(image.names() + " " + image.platforms().get(0).configDigest()));

        // or open the ends yourself (the SPI in dev.ociconv.model.transport) and run the copier
        try (var source = Ociconv.openSource("alpine-310.tar.gz");
             var sink = Ociconv.openSink("oci-archive:alpine.tar")) {
            new dev.ociconv.converter.copy.ImageCopier().copy(source, sink, CopyOptions.defaults());
        }
        // README library end
    }
}
