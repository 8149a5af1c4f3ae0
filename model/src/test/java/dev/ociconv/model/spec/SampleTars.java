package dev.ociconv.model.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper: finds the shared samples corpus and reads the small members of a plain ustar file
 * (the model module has no tar library; the legacy samples are plain ustar).
 */
final class SampleTars {
    private SampleTars() {
    }

    static Path samplesRoot() {
        String env = System.getenv("OCICONV_SAMPLES");
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Paths.get("../shared/samples");
    }

    /** Regular-file members up to 1 MiB, by name, in archive order. */
    static Map<String, byte[]> smallFiles(Path tar) throws IOException {
        byte[] all = Files.readAllBytes(tar);
        Map<String, byte[]> out = new LinkedHashMap<>();
        int off = 0;
        while (off + 512 <= all.length) {
            byte[] h = Arrays.copyOfRange(all, off, off + 512);
            if (h[0] == 0) {
                break;
            }
            String name = cString(h, 0, 100);
            long size = Long.parseLong(cString(h, 124, 12).trim(), 8);
            byte type = h[156];
            if ((type == '0' || type == 0) && size <= (1 << 20)) {
                out.put(name, Arrays.copyOfRange(all, off + 512, off + 512 + (int) size));
            }
            off += 512 + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
