package dev.ociconv.converter.cli;

import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "catalog", description = "List a registry's repositories (/v2/_catalog, every page), as crane catalog does.",
        footer = {"", "Examples:", "  ociconv catalog localhost:5000"})
final class CatalogCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry: HOST[:PORT].")
    String host;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String h = host.replaceFirst("^docker://", "").replaceFirst("/+$", "");
        if (h.contains("/")) {
            throw new IllegalArgumentException("'" + host + "': catalog takes a registry (HOST[:PORT]), not a repository");
        }
        var out = spec.commandLine().getOut();
        try (RegistryClient client = RegistryClient.forReference(ImageReference.parse(h + "/catalog:latest"), registry.context().registry())) {
            for (String repository : client.catalog()) {
                out.println(repository);
            }
        }
        out.flush();
        return 0;
    }
}
