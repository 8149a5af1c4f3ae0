package dev.ociconv.converter.cli;

import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "tags", aliases = {"list-tags", "ls"},
        description = "List the tags of a repository in a registry (all pages).",
        footer = {"", "Examples:", "  ociconv tags localhost:5000/testuser/testimage", "  ociconv tags docker.io/library/alpine"})
final class TagsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REPO", description = "Repository, e.g. host:port/name.")
    String repository;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String repo = repository.startsWith("docker://") ? repository.substring("docker://".length()) : repository;
        ImageReference ref = ImageReference.parse(repo);
        var out = spec.commandLine().getOut();
        try (RegistryClient client = RegistryClient.forReference(ref, registry.context().registry())) {
            for (String tag : client.tags(ref.repository())) {
                out.println(tag);
            }
        }
        out.flush();
        return 0;
    }
}
