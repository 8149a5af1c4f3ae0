package dev.ociconv.converter.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The collector the checks write to: problems, notes, and what was counted. */
final class Findings {
    final List<Problem> problems = new ArrayList<>();
    final List<Problem> notes = new ArrayList<>();
    final List<String> formats = new ArrayList<>();
    final Set<String> blobsChecked = new HashSet<>();
    int images;

    void problem(String where, String what) {
        Problem p = new Problem(where, what);
        if (!problems.contains(p)) {
            problems.add(p);
        }
    }

    void note(String where, String what) {
        Problem p = new Problem(where, what);
        if (!notes.contains(p)) {
            notes.add(p);
        }
    }

    ValidationReport report(String source) {
        return new ValidationReport(source, formats, images, blobsChecked.size(), problems, notes);
    }
}
