package dev.ociconv.converter.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", description = {"Print a shell completion script (bash; zsh loads it through bashcompinit).",
        "Every command, option and --to value completes."},
        footer = {"", "Examples:", "  source <(ociconv completion bash)",
                "  ociconv completion bash > ~/.local/share/bash-completion/completions/ociconv"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh.")
    String shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new IllegalArgumentException("completion takes bash or zsh, not '" + shell + "'");
        }
        // the whole command tree, not the one command this run built
        spec.commandLine().getOut().print(AutoComplete.bash("ociconv", Main.fullTree()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
