package dev.ociconv.converter.cli;

import dev.ociconv.converter.Ociconv;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** crane's {@code manifest}, {@code config} and {@code digest}: one stored document of an image, its bytes or its digest. */
abstract class RawDocumentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A registry reference (docker:// optional), layout or archive location.")
    String image;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    /** True for the config, false for the manifest (or index). */
    abstract boolean config();

    /** Prints the document: its bytes as they are, unless the command says otherwise. */
    void print(byte[] document) throws java.io.IOException {
        StandardOutput.data().write(document);
        StandardOutput.data().flush();
    }

    @Override
    public Integer call() throws Exception {
        print(Ociconv.rawDocument(RegistryLocations.location(image), config(), registry.context()));
        return 0;
    }
}
