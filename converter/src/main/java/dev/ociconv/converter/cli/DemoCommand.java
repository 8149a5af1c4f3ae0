package dev.ociconv.converter.cli;

import dev.ociconv.converter.build.demo.Walkthrough;
import dev.ociconv.converter.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo",
        header = "Re-enact the docker save walk-through offline: build, save, explain the layer IDs, convert.",
        description = {"Re-enact the docker save walk-through, offline and without Docker: build",
                "testuser/testimage:v1 (hello.txt) and v2 (+ hoge.txt), save both, show their",
                "trees and manifest.json, explain with the real hashes why the hello.txt",
                "layer's directory name changed, convert both to OCI layouts and show those.",
                "Images are built at 2024-01-01T00:00:00Z, so the hashes are stable."},
        footer = {"",
                "Examples:",
                "  ociconv demo",
                "  ociconv demo --dir ./walkthrough",
                "  ociconv demo --clean"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work in DIR (new or empty) instead of a fresh temp folder.")
    Path dir;

    @Option(names = "--clean", description = "Delete the temp folder at the end (never a --dir).")
    boolean clean;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("ociconv-demo-");
        var out = spec.commandLine().getOut();
        try {
            new Walkthrough(out, Transports.OpenContext.defaults()).run(work);
        } finally {
            if (clean && dir == null) {
                Walkthrough.remove(work);
                out.printf("(removed %s: --clean)%n", work);
                out.flush();
            }
        }
        return 0;
    }
}
