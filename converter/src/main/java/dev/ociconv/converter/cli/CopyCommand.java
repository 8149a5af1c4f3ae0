package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "copy", aliases = {"cp"},
        description = {"Copy images from one location to another, in skopeo's transport syntax.",
                "Several sources go into one destination (one archive or layout holding them all)."},
        footer = {"",
                "Examples:",
                "  ociconv copy docker-archive:testimage.tar oci:testimage-oci:v1",
                "  ociconv copy docker-archive:two-images.tar:@1 oci-archive:second.tar",
                "  ociconv copy oci:layout:v1 docker-archive:out.tar:testuser/testimage:v1",
                "  ociconv copy --compress gzip docker-archive:testimage.tar oci:gz-layout",
                "  gzip -dc saved.tar.gz | ociconv copy - oci:from-stdin",
                "  ociconv copy docker://localhost:5000/a:1 docker://localhost:5000/b:1",
                "  ociconv copy testimage.tar testimage2.tar docker-archive:both.tar",
                "  ociconv copy oci:layout:v1 docker-archive:- | docker load"})
final class CopyCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "SOURCE... DEST",
            description = "Where the images are (transport strings or paths, - for stdin), then where to write them.")
    java.util.List<String> locations;

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
        String last = locations.get(locations.size() - 1);
        TransportRef dst = TransportRef.parse(last);
        var sources = locations.subList(0, locations.size() - 1).stream().map(TransportRef::parse).toList();
        return new CopyRun(spec, flags, registry, sides).run(sources, dst, last, o -> o);
    }
}
