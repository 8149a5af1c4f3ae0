package dev.ociconv.converter.cli;

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

@Command(name = "save",
        header = "Save several images into one archive, as docker save a b c does.",
        description = {"Save several images into one archive, as docker save a b c does:",
                "each image keeps its names, layers they share are written once."},
        footer = {"",
                "Examples:",
                "  ociconv save testimage.tar testimage2.tar -o both.tar",
                "  ociconv save oci:layout:v1 docker://localhost:5000/app:2 -o images.tar",
                "  ociconv save --to docker25 a.tar b.tar -o both25.tar",
                "  ociconv save --tag testuser/testimage:v1 oci:testimage-oci:v1 -o images.tar",
                "  ociconv save testimage.tar testimage2.tar -o - | docker load"})
final class SaveCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "Archives, layouts, registries or transport strings.")
    List<String> sources;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Archive to write, or - for standard output.")
    String output;

    @Option(names = "--tag", paramLabel = "NAME:TAG",
            description = "Name the saved image (one source, one image): replaces its names in the archive.")
    String tag;

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
        TransportRef dst = new TransportRef(Transports.outputForm(to), output, Optional.ofNullable(tag));
        List<TransportRef> refs = sources.stream().map(TransportRef::parse).toList();
        if (tag != null && refs.size() > 1) {
            throw new IllegalArgumentException("--tag names one image: give one source");
        }
        if (refs.size() == 1) {
            return new CopyRun(spec, flags, registry, sides).run(refs, dst, output,
                    o -> refs.get(0).transport().isRemote() && tag == null
                            ? o.withDestinationNames(List.of(refs.get(0).location())) : o);
        }
        return new CopyRun(spec, flags, registry, sides).run(refs, dst, output, o -> o);
    }
}
