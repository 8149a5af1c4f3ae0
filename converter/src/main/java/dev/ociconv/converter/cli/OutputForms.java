package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.Transports;

import java.util.Iterator;

/**
 * The names {@code --to} takes, from the one list of transports: picocli shows them where a
 * description says {@code ${COMPLETION-CANDIDATES}} and offers them to shell completion.
 */
final class OutputForms implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Transports.ALL.stream().flatMap(t -> t.formName().stream()).iterator();
    }
}
