package dev.ociconv.converter.cli;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.util.concurrent.Callable;

@Command(name = "blob", header = "Write one blob of a registry repository to standard output, checked as it streams (crane blob).",
        description = {"Write a blob of a registry repository to standard output, checked against its digest",
        "as it streams, as crane blob does (a layer, a config: whatever the digest names)."},
        footer = {"", "Examples:", "  ociconv blob localhost:5000/team/app@sha256:4639ad78… | tar tz"})
final class BlobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REPO@DIGEST", description = "The repository and the blob's digest (docker:// optional).")
    String blob;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    RegistryFlags registry;

    @Override
    public Integer call() throws Exception {
        String ref = blob.startsWith("docker://") ? blob.substring("docker://".length()) : blob;
        int at = ref.lastIndexOf('@');
        if (at < 0 || !Digest.isValid(ref.substring(at + 1))) {
            throw new IllegalArgumentException("'" + blob + "': expected REPO@sha256:<64 hex> (the blob's digest)");
        }
        Digest digest = Digest.parse(ref.substring(at + 1));
        ImageReference repository = ImageReference.parse(ref);
        try (RegistryClient client = RegistryClient.forReference(repository, registry.context().registry())) {
            long size = client.blobSize(repository.repository(), digest)
                    .orElseThrow(() -> new java.nio.file.NoSuchFileException(blob + " (no such blob in " + repository.repository() + ")"));
            try (InputStream in = client.openBlob(repository.repository(), digest, size)) {
                in.transferTo(StandardOutput.data()); // the stream fails at its end unless the bytes have the digest
            }
        }
        StandardOutput.data().flush();
        return 0;
    }
}
