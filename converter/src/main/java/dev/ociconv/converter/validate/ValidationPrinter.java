package dev.ociconv.converter.validate;

import java.io.PrintWriter;

/** {@code ociconv validate}'s text form: one OK line, or one line per problem; notes after. */
public final class ValidationPrinter {
    private ValidationPrinter() {
    }

    public static void print(ValidationReport r, PrintWriter out) {
        String counts = r.images() + (r.images() == 1 ? " image, " : " images, ") + r.blobs()
                + (r.blobs() == 1 ? " blob checked" : " blobs checked");
        String formats = r.formats().isEmpty() ? "" : " (" + String.join(" + ", r.formats()) + ")";
        if (r.valid()) {
            out.println("OK: " + r.source() + formats + ": " + counts);
        } else {
            out.println("INVALID: " + r.source() + formats + ": " + r.problems().size()
                    + (r.problems().size() == 1 ? " problem" : " problems") + " (" + counts + ")");
            r.problems().forEach(p -> out.println("  " + p));
        }
        r.notes().forEach(n -> out.println("  note: " + n));
        out.flush();
    }
}
