package dev.ociconv.converter.cli;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "delete", header = "Delete an image's manifest from a registry, with every tag naming it (skopeo delete).",
        description = {"Delete an image's manifest from a registry, as skopeo delete does: a tag is resolved",
        "to its digest, and the manifest goes with every tag that names it (blobs stay until the registry's garbage collection)."},
        footer = {"", "Examples:", "  ociconv delete docker://localhost:5000/team/app:old",
                "  ociconv delete localhost:5000/team/app@sha256:04c6d0f5…"})
final class DeleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "docker://HOST/REPO:TAG or @DIGEST (docker:// optional).")
    String image;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String ref = image.startsWith("docker://") ? image.substring("docker://".length()) : image;
        ImageReference reference = ImageReference.parse(ref);
        try (RegistryClient client = RegistryClient.forReference(reference, registry.context().registry())) {
            Digest digest = reference.digest() != null ? reference.digest()
                    : client.headManifest(reference.repository(), reference.tag())
                    .orElseThrow(() -> new java.nio.file.NoSuchFileException(image + " (no such tag)")).digest();
            client.deleteManifest(reference.repository(), digest);
            spec.commandLine().getOut().println("deleted " + reference.registry() + "/" + reference.repository() + "@" + digest);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
