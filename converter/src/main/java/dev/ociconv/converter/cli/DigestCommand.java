package dev.ociconv.converter.cli;

import dev.ociconv.model.digest.Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "digest", description = "Print the digest of an image's manifest (or index), as crane digest does.",
        footer = {"", "Examples:", "  ociconv digest localhost:5000/team/app:1", "  ociconv digest oci:layout:v1"})
final class DigestCommand extends RawDocumentCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    boolean config() {
        return false;
    }

    @Override
    void print(byte[] manifest) {
        spec.commandLine().getOut().println(Digest.sha256(manifest));
        spec.commandLine().getOut().flush();
    }
}
