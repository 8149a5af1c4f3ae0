package dev.ociconv.converter.cli;

/** Byte counts for people. */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code 4G}, {@code 700M}, {@code 4GiB}, {@code 4.7GB}, {@code 1048576}: binary units (as split(1) reads them). */
    static long parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)(i?b?)\\s*").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 4G, 700M, 1048576)");
        }
        int power = "kmgt".indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT)) + 1;
        double v = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (v >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return (long) v;
    }
}
