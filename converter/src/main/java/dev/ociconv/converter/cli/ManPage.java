package dev.ociconv.converter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A command's manual page in troff ({@code man(7)} macros), written from the same picocli model as
 * {@code --help}, so the two never disagree: NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS, the
 * help footer (examples) and SEE ALSO; {@code ociconv(1)} lists the commands. Text is escaped for
 * troff: backslashes, a leading dot or quote, and the hyphens of option names.
 */
final class ManPage {
    private ManPage() {
    }

    /** The page's file name: {@code ociconv.1}, {@code ociconv-copy.1}. */
    static String fileName(CommandSpec spec) {
        return pageName(spec) + ".1";
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String render(CommandSpec spec, String version, String date) {
        boolean top = spec.parent() == null;
        spec.usageMessage().width(10_000); // one synopsis line, filled by troff to the reader's width
        CommandLine.Help help = new CommandLine.Help(spec, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build());
        StringBuilder b = new StringBuilder();
        b.append(".TH ").append(pageName(spec).toUpperCase(Locale.ROOT)).append(" 1 \"").append(date).append("\" \"")
                .append(escape(version)).append("\" \"ociconv manual\"\n");
        b.append(".nh\n.ad l\n"); // option names are not to be hyphenated, nor the lines justified around them
        b.append(".SH NAME\n").append(escape(pageName(spec))).append(" \\- ").append(escape(firstLine(spec))).append('\n');
        b.append(".SH SYNOPSIS\n").append(escape(help.synopsis(0).replaceFirst("^Usage: ", "").strip())).append('\n');
        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            b.append(".SH DESCRIPTION\n");
            for (String line : description) {
                b.append(line.isBlank() ? ".PP\n" : escape(format(line)) + "\n");
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                b.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n").append(escape(format(String.join(" ", p.description()))))
                        .append('\n');
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? "" : " \\fI" + escape(o.paramLabel()) + "\\fR";
                b.append(".TP\n").append(String.join(", ", names)).append(label).append('\n')
                        .append(escape(format(String.join(" ", o.description())))).append('\n');
            }
        }
        if (top) {
            b.append(".SH COMMANDS\n");
            spec.subcommands().forEach((name, sub) -> {
                CommandSpec s = sub.getCommandSpec();
                if (!s.usageMessage().hidden() && s.name().equals(name)) {
                    b.append(".TP\n\\fB").append(escape(name)).append("\\fR\n").append(escape(firstLine(s)))
                            .append(" See \\fB").append(escape(pageName(s))).append("\\fR(1).\n");
                }
            });
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0 && !String.join("", footer).isBlank()) {
            b.append(".SH NOTES\n.nf\n");
            for (String line : String.join("\n", footer).replace("%n", "\n").split("\n", -1)) {
                b.append(escape(line)).append('\n');
            }
            b.append(".fi\n");
        }
        b.append(".SH SEE ALSO\n").append(top ? "" : "\\fBociconv\\fR(1), ").append("\\fBskopeo\\fR(1), \\fBdocker\\-save\\fR(1)\n");
        return b.toString();
    }

    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? spec.name() : format(d[0]);
    }

    /** picocli's description markup: {@code %n} line breaks and {@code @|bold x|@} styles, as plain text. */
    private static String format(String text) {
        return text.replace("%n", " ").replaceAll("@\\|[a-z,]+ (.*?)\\|@", "$1");
    }

    /**
     * troff-safe text: no escape sequences, no line taken for a request, hyphens as minus signs,
     * and anything beyond ASCII as a {@code \[uXXXX]} glyph (troff reads its input as Latin-1
     * unless a preprocessor converts it).
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> escaped.append("\\e");
                case '-' -> escaped.append("\\-");
                default -> {
                    if (c < 128) {
                        escaped.appendCodePoint(c);
                    } else {
                        escaped.append(String.format(Locale.ROOT, "\\[u%04X]", c));
                    }
                }
            }
        });
        String s = escaped.toString();
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
