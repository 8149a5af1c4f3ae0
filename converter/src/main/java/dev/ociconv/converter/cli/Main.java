package dev.ociconv.converter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ociconv}: the command line. Thin by design: every command parses its options, calls the
 * library ({@link dev.ociconv.converter.Ociconv}) and prints.
 */
@Command(name = "ociconv",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = {
                "Moves container images between docker save archives, OCI image layouts and registries,",
                "without a Docker daemon.",
                ""},
        subcommands = {
                DemoCommand.class,
                ConvertCommand.class,
                CopyCommand.class,
                SaveCommand.class,
                InspectCommand.class,
                ExplainCommand.class,
                ValidateCommand.class,
                PullCommand.class,
                PushCommand.class,
                TagsCommand.class,
                BuildCommand.class,
                UnpackCommand.class,
                ExportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"",
                "Locations (as skopeo writes them):",
                "  docker-archive:PATH[:NAME:TAG|:@N]   a docker save tarball (any compression, - for stdin)",
                "  docker25:PATH[:NAME:TAG]             a tarball in Docker 25+'s form",
                "  oci:DIR[:REF]                        an OCI image layout directory",
                "  oci-archive:PATH[:REF]               an OCI image layout in a tar",
                "  docker://HOST[:PORT]/REPO[:TAG|@DIGEST]  a registry",
                "  PATH                                 an archive or layout, its format read from its content",
                "",
                "Run 'ociconv COMMAND --help' for a command's options and examples."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)}, printing to {@code out} and {@code err} (null: standard output and error). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.setUsageHelpWidth(110);
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(new ErrorHandler(debug));
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ociconv: error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cli.execute(args);
    }
}
