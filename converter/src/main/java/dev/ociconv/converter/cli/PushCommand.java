package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.RegistryTransport;
import dev.ociconv.converter.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "push",
        description = {"Push an image from an archive or layout to a registry.",
                "Uncompressed layers (docker save) are gzip-compressed on the fly unless --compress says otherwise."},
        footer = {"",
                "Examples:",
                "  ociconv push testimage.tar localhost:5000/testuser/testimage:v1",
                "  ociconv push --image @1 two-images.tar localhost:5000/second:latest",
                "  ociconv push --compress zstd oci:layout:v1 registry.example.com/team/app:1.0",
                "  ociconv push --creds user:secret --cert-dir ./certs app.tar registry.example.com/app:1",
                "  ociconv push --digestfile pushed.digest testimage.tar localhost:5000/testuser/testimage:v1"})
final class PushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Archive, layout or transport string.")
    String source;

    @Parameters(index = "1", paramLabel = "REF", description = "Destination reference, e.g. host:port/repo:tag.")
    String reference;

    @Mixin
    CopyFlags flags;

    @Mixin
    RegistryFlags registry;


    @Mixin

    SideRegistryFlags sides;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String ref = reference.startsWith("docker://") ? reference.substring("docker://".length()) : reference;
        TransportRef src = TransportRef.parse(source);
        TransportRef dst = new TransportRef(RegistryTransport.INSTANCE, ref, Optional.empty());
        return new CopyRun(spec, flags, registry, sides).run(List.of(src), dst, reference, o -> o);
    }
}
