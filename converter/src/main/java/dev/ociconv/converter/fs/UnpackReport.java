package dev.ociconv.converter.fs;

import java.util.List;

/**
 * What an unpack did.
 *
 * @param entries  tar entries applied (files, directories, links, whiteouts)
 * @param bytes    regular-file bytes written
 * @param warnings one line each, deduplicated, e.g. {@code owners not restored: not running as root}
 */
public record UnpackReport(long entries, long bytes, List<String> warnings) {
    public UnpackReport {
        warnings = List.copyOf(warnings);
    }
}
