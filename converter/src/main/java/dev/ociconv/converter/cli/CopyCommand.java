package dev.ociconv.converter.cli;

import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "copy",
        description = "Copy images from one location to another, in skopeo's transport syntax.",
        footer = {"",
                "Examples:",
                "  ociconv copy docker-archive:testimage.tar oci:testimage-oci:v1",
                "  ociconv copy docker-archive:two-images.tar:@1 oci-archive:second.tar",
                "  ociconv copy oci:layout:v1 docker-archive:out.tar:testuser/testimage:v1",
                "  ociconv copy --compress gzip docker-archive:testimage.tar oci:gz-layout",
                "  gzip -dc saved.tar.gz | ociconv copy - oci:from-stdin",
                "  ociconv copy docker://localhost:5000/a:1 docker://localhost:5000/b:1"})
final class CopyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Where the images are (transport string or path, - for stdin).")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where to write them (transport string).")
    String dest;

    @Mixin
    CopyFlags flags;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        TransportRef src = TransportRef.parse(source);
        TransportRef dst = TransportRef.parse(dest);
        Ociconv.copy(src, dst, flags.toOptions(out), registry.context());
        return 0;
    }
}
