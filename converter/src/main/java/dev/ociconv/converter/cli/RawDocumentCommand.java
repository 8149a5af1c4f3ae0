package dev.ociconv.converter.cli;

import dev.ociconv.converter.Ociconv;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** crane's {@code manifest} and {@code config}: one stored document of an image, its bytes as they are. */
abstract class RawDocumentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A registry reference (docker:// optional), layout or archive location.")
    String image;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    /** True for the config, false for the manifest (or index). */
    abstract boolean config();

    @Override
    public Integer call() throws Exception {
        StandardOutput.data().write(Ociconv.rawDocument(RegistryLocations.location(image), config(), registry.context()));
        StandardOutput.data().flush();
        return 0;
    }
}
