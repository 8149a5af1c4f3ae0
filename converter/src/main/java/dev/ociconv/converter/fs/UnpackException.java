package dev.ociconv.converter.fs;

import java.io.IOException;

/** A hostile or broken layer: one line naming the layer and, where there is one, the entry. */
public final class UnpackException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnpackException(String message) {
        super(message);
    }

    public UnpackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code name} cut to 200 printable characters, for messages. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 200; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return name.length() > 200 ? b + "…" : b.toString();
    }
}
