package dev.ociconv.converter.cli;

import dev.ociconv.converter.build.AddSpec;
import dev.ociconv.converter.build.BuildSpec;
import dev.ociconv.converter.build.BuildTime;
import dev.ociconv.converter.build.ImageBuilder;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.LayerCompression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "build",
        header = "Build an image without a daemon: FROM scratch or a base, one layer per --add.",
        description = {"Build an image without a daemon: FROM scratch or a base image, one layer",
                "per --add (like one Dockerfile ADD each), written to any destination.",
                "Layers are reproducible (sorted entries, owner 0:0, no user names); with",
                "--time (or SOURCE_DATE_EPOCH) the whole output is: same inputs, same bytes."},
        footer = {"",
                "Examples:",
                "  ociconv build --add hello.txt:/hello.txt -t testuser/testimage:v1 \\",
                "      -o testimage.tar",
                "  ociconv build --from testimage.tar --add hoge.txt:/hoge.txt \\",
                "      -t testuser/testimage:v2 -o testimage2.tar",
                "  ociconv build --add site/:/usr/share/www/ --cmd /bin/httpd -t web:1 \\",
                "      -o oci:web-oci:1",
                "  ociconv build --time 2024-01-01T00:00:00Z --add app.jar:/app/app.jar \\",
                "      -t app:1 -o app.tar",
                "  ociconv build --from docker://localhost:5000/base:1 --add conf/:/etc/app/ \\",
                "      -o docker://localhost:5000/app:1"})
final class BuildCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "IMAGE",
            description = "Base image: a path, docker-archive:PATH[:NAME:TAG|:@N], oci:DIR[:REF], oci-archive:PATH, docker://REF. Default: scratch.")
    String from;

    @Option(names = "--add", paramLabel = "SRC:DEST", required = true,
            description = "Add a host file or directory (its contents) at DEST in the image; one layer each, in order. "
                    + "A DEST ending in / takes a file under its own name.")
    List<String> adds = new ArrayList<>();

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME:TAG", description = "Name of the built image (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DEST", required = true,
            description = "Where to write: a path (a docker save archive), docker-archive:, docker25:, oci:, oci-archive: or docker://.")
    String output;

    @Option(names = "--time", paramLabel = "RFC3339|@SECONDS",
            description = "Fixed time for created, history, file mtimes and the archive's time of saving. "
                    + "Default: SOURCE_DATE_EPOCH when set, else now (and the files' own mtimes).")
    String time;

    @Option(names = "--os", paramLabel = "OS", description = "Image os (default: the base's, else linux).")
    String os;

    @Option(names = "--arch", paramLabel = "ARCH", description = "Image architecture (default: the base's, else amd64).")
    String arch;

    @Option(names = "--variant", paramLabel = "VARIANT", description = "Image variant, e.g. v8 (default: the base's).")
    String variant;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Add a label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--cmd", paramLabel = "ARG", arity = "1..*", description = "config.Cmd, e.g. --cmd /bin/sh -c 'echo hi'.")
    List<String> cmd;

    @Option(names = "--entrypoint", paramLabel = "ARG", arity = "1..*", description = "config.Entrypoint.")
    List<String> entrypoint;

    @Option(names = "--compress", paramLabel = "none|gzip|zstd|keep",
            description = "Layer compression of the output (default: uncompressed, gzip for registries).")
    String compress;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    RegistryFlags registry;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<AddSpec> parsed = new ArrayList<>();
        for (String a : adds) {
            parsed.add(AddSpec.parse(a));
        }
        BuildSpec build = new BuildSpec(Optional.ofNullable(from), parsed, BuildTime.choose(time, System.getenv()),
                Optional.ofNullable(os), Optional.ofNullable(arch), Optional.ofNullable(variant), labels,
                Optional.ofNullable(cmd), Optional.ofNullable(entrypoint));
        CopyOptions options = CopyOptions.defaults()
                .withCompression(compress == null ? LayerCompression.KEEP : LayerCompression.parse(compress));
        ImageBuilder.Result result = new ImageBuilder(registry.context()).buildTo(build, output, tags, options);
        if (!quiet) {
            var out = spec.commandLine().getOut();
            out.printf("built   %s %s, %d layer(s), image ID %s%n", output,
                    result.names().isEmpty() ? "(untagged)" : String.join(", ", result.names()),
                    result.diffIds().size(), result.imageId());
            out.flush();
        }
        return 0;
    }
}
