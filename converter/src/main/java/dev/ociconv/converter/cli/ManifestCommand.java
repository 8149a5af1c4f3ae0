package dev.ociconv.converter.cli;

import dev.ociconv.converter.Ociconv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "manifest", description = "Print an image's manifest (or index) exactly as stored, as crane manifest does.",
        footer = {"", "Examples:", "  ociconv manifest localhost:5000/team/app:1 | jq .", "  ociconv manifest oci:layout:v1"})
final class ManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A registry reference (docker:// optional), layout or archive location.")
    String image;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Override
    public Integer call() throws Exception {
        StandardOutput.data().write(Ociconv.rawDocument(RegistryLocations.location(image), false, registry.context()));
        StandardOutput.data().flush();
        return 0;
    }
}
