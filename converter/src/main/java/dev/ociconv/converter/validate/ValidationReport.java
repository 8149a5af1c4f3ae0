package dev.ociconv.converter.validate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code ociconv validate} found (its {@code --json} output is this record).
 *
 * @param source   the path as given
 * @param formats  what was checked: {@code docker-archive}, {@code oci-layout}, or both (Docker 25+, containerd)
 * @param images   images checked (manifest.json entries and image manifests)
 * @param blobs    distinct files whose digest or diffID was checked
 * @param problems every violation found; empty when valid
 * @param notes    things worth knowing that are allowed (an absent foreign layer, a sparse index)
 */
@JsonPropertyOrder({"source", "valid", "formats", "images", "blobs", "problems", "notes"})
public record ValidationReport(String source, List<String> formats, int images, int blobs, List<Problem> problems,
                               List<Problem> notes) {
    public ValidationReport {
        formats = List.copyOf(formats);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    @com.fasterxml.jackson.annotation.JsonProperty("valid")
    public boolean valid() {
        return problems.isEmpty();
    }
}
