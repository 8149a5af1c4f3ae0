package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.RegistryTransport;
import dev.ociconv.converter.transport.Transport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "pull",
        description = {"Pull an image from a registry into a file that docker load takes (or an OCI layout).",
                "The archive is named after the reference, so docker load tags it as pulled."},
        footer = {"",
                "Examples:",
                "  ociconv pull alpine:3.20 alpine.tar",
                "  ociconv pull localhost:5000/testuser/testimage:v2 testimage2.tar",
                "  ociconv pull --platform linux/arm64 --to oci alpine:3.20 alpine-arm64-oci",
                "  ociconv pull --all --to oci-archive alpine:3.20 alpine-all.tar",
                "  ociconv pull --digestfile pulled.digest localhost:5000/app:1 app.tar",
                "  ociconv pull localhost:5000/app:1 - | docker load"})
final class PullCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "Image reference, e.g. alpine:3.20 or host:port/repo:tag.")
    String reference;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Path to write, or - for standard output (an archive).")
    String output;

    @Option(names = "--to", paramLabel = "FORM", defaultValue = "docker-archive", completionCandidates = OutputForms.class,
            description = "Output form, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, docker save's legacy form).")
    String to;

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
        Transport kind = Transports.outputForm(to);
        String ref = reference.startsWith("docker://") ? reference.substring("docker://".length()) : reference;
        TransportRef src = new TransportRef(RegistryTransport.INSTANCE, ref, Optional.empty());
        // A docker archive records the pulled name as its RepoTag; an OCI layout its tag as ref name.
        TransportRef dst = new TransportRef(kind, output, Optional.empty());
        return new CopyRun(spec, flags, registry, sides).run(List.of(src), dst, output,
                o -> o.withDestinationNames(List.of(ref)));
    }
}
