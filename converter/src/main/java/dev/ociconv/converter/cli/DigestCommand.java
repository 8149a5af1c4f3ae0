package dev.ociconv.converter.cli;

import dev.ociconv.converter.Ociconv;
import dev.ociconv.model.digest.Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "digest", description = "Print the digest of an image's manifest (or index), as crane digest does.",
        footer = {"", "Examples:", "  ociconv digest localhost:5000/team/app:1", "  ociconv digest oci:layout:v1"})
final class DigestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A registry reference (docker:// optional), layout or archive location.")
    String image;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] manifest = Ociconv.rawDocument(RegistryLocations.location(image), false, registry.context());
        spec.commandLine().getOut().println(Digest.sha256(manifest));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
