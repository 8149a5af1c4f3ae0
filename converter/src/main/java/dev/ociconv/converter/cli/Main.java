package dev.ociconv.converter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

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
        footer = {"",
                "Locations (as skopeo writes them):",
                Main.TRANSPORT_LINES,
                "",
                "Run 'ociconv COMMAND --help' for a command's options and examples."})
public final class Main implements Runnable {
    /** Where the footer lists the transports: each one's own line (Transports.helpLines), put in by run(). */
    static final String TRANSPORT_LINES = "<transports>";

    /**
     * The subcommands, registered in {@link #run} rather than in the annotation: building a
     * command's model is most of the start-up time (picocli reflects over every option), so a
     * command line that names one command builds only that one.
     */
    static final List<Class<?>> COMMANDS = List.of(
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
            MirrorCommand.class,
            DigestCommand.class,
            ManifestCommand.class,
            ConfigCommand.class,
            BlobCommand.class,
            CatalogCommand.class,
            DeleteCommand.class,
            CompletionCommand.class,
            ManCommand.class,
            ReferrersCommand.class,
            BuildCommand.class,
            UnpackCommand.class,
            ExportCommand.class,
            CdsTrainingCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        Interrupts.install(Thread.currentThread());
        dev.ociconv.converter.io.Notices.setSink(line -> {
            System.err.println("ociconv: " + line);
            System.err.flush();
        });
        if (commandsNeeded(args).size() == 1) {
            // One command to run, which will read image documents: warm Jackson up beside the parser.
            Thread warmUp = new Thread(dev.ociconv.model.spec.SpecWarmUp::run, "ociconv-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        int code = run(args);
        // Whatever an interrupted or failed run still holds; nothing when it went well.
        dev.ociconv.converter.io.TempFiles.deleteAll();
        System.exit(code);
    }

    /** The one command the arguments name, none for --version, else all (help and usage errors list them). */
    static List<Class<?>> commandsNeeded(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        for (Class<?> c : COMMANDS) {
            if (args.length > 0 && c != CommandLine.HelpCommand.class
                    && c.getAnnotation(Command.class).name().equals(args[0])) {
                return List.of(c);
            }
        }
        return COMMANDS;
    }

    /** Every command registered, for what describes the whole tree (completion, manual pages). */
    static CommandLine fullTree() {
        return tree(COMMANDS);
    }

    /** The top command with {@code commands}, its footer listing the transports. */
    private static CommandLine tree(List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cli.addSubcommand(c);
        }
        String[] footer = cli.getCommandSpec().usageMessage().footer();
        for (int i = 0; i < footer.length; i++) {
            if (footer[i].equals(TRANSPORT_LINES)) {
                footer[i] = String.join("%n", dev.ociconv.converter.transport.Transports.helpLines());
            }
        }
        cli.getCommandSpec().usageMessage().footer(footer);
        return cli;
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)}, printing to {@code out} and {@code err} (null: standard output and error). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Lazy start: the version needs no parser (picocli's model is most of the start-up time).
            java.io.PrintWriter w = out != null ? out : new java.io.PrintWriter(System.out, true);
            for (String line : new VersionProvider().getVersion()) {
                w.println(line);
            }
            w.flush();
            return 0;
        }
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = tree(commandsNeeded(args));
        cli.setUsageHelpWidth(110);
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(new ErrorHandler(debug));
        cli.setParameterExceptionHandler((ex, a) -> {
            if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine() == cli
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                ex.getCommandLine().getErr().println("ociconv: error: " + unknownCommand(cli, u.getUnmatched().get(0)));
                ex.getCommandLine().getErr().println("Try 'ociconv --help'.");
                return 2;
            }
            ex.getCommandLine().getErr().println("ociconv: error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (VirtualMachineError e) {
            // picocli hands only Exceptions to the handler; an Error of the main thread (out of
            // memory, stack overflow) would print a stack trace. Temp files go as on a signal.
            if (debug) {
                e.printStackTrace(cli.getErr());
            }
            dev.ociconv.converter.io.TempFiles.deleteAll();
            cli.getErr().println("ociconv: error: " + ErrorHandler.message(e));
            cli.getErr().flush();
            return 1;
        }
    }

    /** {@code unknown command 'x'}, with the nearest command names (crane's and skopeo's verbs map to ours). */
    static String unknownCommand(CommandLine cli, String name) {
        java.util.List<String> names = cli.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(java.util.Map.Entry::getKey).toList();
        java.util.List<String> near = names.stream()
                .filter(n -> dev.ociconv.converter.transport.TransportRef.distance(n, name) <= Math.max(2, name.length() / 3)
                        || n.startsWith(name) || name.startsWith(n))
                .distinct().limit(3).toList();
        return "unknown command '" + name + "'" + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)")
                + "; the commands are " + String.join(", ", cli.getCommandSpec().subcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .map(CommandLine::getCommandName).distinct().toList());
    }
}
