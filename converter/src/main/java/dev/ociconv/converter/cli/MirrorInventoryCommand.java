package dev.ociconv.converter.cli;

import dev.ociconv.converter.mirror.MirrorInventory;
import dev.ociconv.converter.mirror.RegistryInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "inventory",
        description = {"Describe what a registry holds under a prefix (every repository of its catalog there, every tag, every blob)",
                "as an inventory: on the far side of an air gap, the --since of the next differential bundle."},
        footer = {"", "Examples:", "  ociconv mirror inventory registry.internal:5000/mirror -o far-side.json",
                "  ociconv mirror --images images.yaml --since far-side.json oci-archive:update.tar"})
final class MirrorInventoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REGISTRY[/PREFIX]", description = "The registry, and the prefix of the repositories to list.")
    String location;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "-", description = "Where to write it (default: standard output).")
    String output;

    @Option(names = {"-f", "--force"}, description = "Replace an existing FILE.")
    boolean force;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("-")) {
            CopyRun.checkNew(Path.of(output), force);
        }
        var err = spec.commandLine().getErr();
        MirrorInventory inventory = RegistryInventory.of(location, registry.context(), line -> {
            err.println("ociconv: " + line);
            err.flush();
        });
        byte[] bytes = inventory.toJson();
        if (output.equals("-")) {
            StandardOutput.data().write(bytes);
            StandardOutput.data().flush();
        } else {
            Path target = Path.of(output).toAbsolutePath();
            Path temp = dev.ociconv.converter.io.TempFiles.fileBeside(target);
            try {
                Files.write(temp, bytes);
                dev.ociconv.converter.io.FileModes.publishFile(temp);
                dev.ociconv.converter.io.TempFiles.publish(temp, target);
            } finally {
                dev.ociconv.converter.io.TempFiles.delete(temp);
            }
            err.println("ociconv: wrote " + output + ": " + inventory.images().size() + " images, " + inventory.blobs().size() + " blobs");
            err.flush();
        }
        return 0;
    }
}
