package dev.ociconv.converter.cli;

import picocli.CommandLine.Command;

@Command(name = "config", description = "Print an image's config exactly as stored, as crane config does.",
        footer = {"", "Examples:", "  ociconv config localhost:5000/team/app:1 | jq .config.Env", "  ociconv config testimage.tar"})
final class ConfigCommand extends RawDocumentCommand {
    @Override
    boolean config() {
        return true;
    }
}
