package dev.ociconv.converter.cli;

import picocli.CommandLine.Command;

@Command(name = "manifest", description = "Print an image's manifest (or index) exactly as stored, as crane manifest does.",
        footer = {"", "Examples:", "  ociconv manifest localhost:5000/team/app:1 | jq .", "  ociconv manifest oci:layout:v1"})
final class ManifestCommand extends RawDocumentCommand {
    @Override
    boolean config() {
        return false;
    }
}
