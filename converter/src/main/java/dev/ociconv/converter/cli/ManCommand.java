package dev.ociconv.converter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "man", description = {"Print the manual page (troff) of ociconv or of one of its commands, or write them all.",
        "The pages are made from the same model as --help: the same options, defaults and examples."},
        footer = {"", "Examples:", "  ociconv man copy | man -l -", "  ociconv man --write ~/.local/share/man/man1     # every page, ociconv.1 and ociconv-COMMAND.1"})
final class ManCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", description = "The command (default: ociconv itself).")
    String command;

    @Option(names = "--write", paramLabel = "DIR", description = "Write every page into DIR (made if missing; existing pages replaced) instead of printing one.")
    Path write;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine all = Main.fullTree();
        String version = new VersionProvider().getVersion()[0];
        String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        java.util.regex.Matcher built = java.util.regex.Pattern.compile(", (\\d{4}-\\d{2}-\\d{2})").matcher(version);
        if (built.find()) {
            date = built.group(1); // the commit's date: the same pages from the same commit
        }
        if (write != null) {
            if (command != null) {
                throw new IllegalArgumentException("man --write writes every page; give no COMMAND");
            }
            Files.createDirectories(write);
            int n = 0;
            for (CommandLine c : pages(all)) {
                Files.writeString(write.resolve(ManPage.fileName(c.getCommandSpec())), ManPage.render(c.getCommandSpec(), version, date),
                        StandardCharsets.UTF_8);
                n++;
            }
            spec.commandLine().getErr().println("wrote " + n + " manual pages to " + write);
            return 0;
        }
        CommandLine page = command == null ? all : all.getSubcommands().get(command);
        if (page == null) {
            throw new IllegalArgumentException(Main.unknownCommand(all, command));
        }
        spec.commandLine().getOut().print(ManPage.render(page.getCommandSpec(), version, date));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** ociconv and every visible command once (aliases and {@code help} are not pages of their own). */
    private static java.util.List<CommandLine> pages(CommandLine all) {
        java.util.List<CommandLine> out = new java.util.ArrayList<>(java.util.List.of(all));
        all.getSubcommands().forEach((name, c) -> {
            if (!c.getCommandSpec().usageMessage().hidden() && c.getCommandName().equals(name) && !name.equals("help")) {
                out.add(c);
            }
        });
        return out;
    }
}
