package dev.ociconv.it.hostile;

import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.ociconv.it.hostile.HostileInputs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory and size bounds of the archive readers: representative hostile inputs run by the
 * real CLI in a child JVM with a 64 MiB heap, and decompression bombs stopped at a tight
 * {@link Limits#maxUnpackedBytes()} (the CLI keeps the 1 TiB default, so bombs are shown
 * through the library) with nothing left in the spool directory.
 */
class HostileBoundsIT {
    private static final long BOMB = 64L << 20;
    private static final Limits TIGHT = new Limits(1 << 20, 1 << 20, 1 << 20, 1000, 4096, 1 << 20);

    @ParameterizedTest(name = "-Xmx64m: {0}")
    @CsvSource({
            "10^5 tiny entries, 0, ",
            "oci-archive of 10^5 tiny entries, 0, ",
            "config over the cap, 1, larger than the limit of 4194304",
            "index.json nested 10^5 deep, 1, nest",
            "8 MiB PAX header, 1, longer than the limit of 4096",
    })
    void smallHeapChildJvm(String name, int exit, String fragment, @TempDir Path dir) throws Exception {
        Path input = switch (name) {
            case "10^5 tiny entries" -> {
                manyEntries(dir.resolve("in.tar"), 100_000);
                yield dir.resolve("in.tar");
            }
            case "oci-archive of 10^5 tiny entries" -> {
                manyEntriesOci(dir.resolve("in.tar"), 100_000);
                yield dir.resolve("in.tar");
            }
            case "config over the cap" -> {
                byte[] big = config("{\"pad\":\"" + "x".repeat(5 << 20) + "\"}");
                String n = Digest.sha256(big).hex() + ".json";
                yield TestTar.create().file(n, big).file(LAYER_NAME, LAYER)
                        .file("manifest.json", manifestJson(q(n), "[" + q(LAYER_NAME) + "]", "")).writeTo(dir.resolve("in.tar"));
            }
            case "index.json nested 10^5 deep" -> ociDir(dir.resolve("layout"), validOciManifest(), nested(100_000));
            default -> hugePax(dockerArchive(), 8 << 20).writeTo(dir.resolve("in.tar"));
        };
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path target = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Xss512k", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "dev.ociconv.converter.cli.Main", "convert", input.toString(), target.toString(), "-q"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        assertEquals(exit, p.exitValue(), err);
        assertFalse(err.contains("\tat ") || err.contains("OutOfMemory") || err.contains("StackOverflow"), err);
        if (exit != 0) {
            assertEquals(1, err.strip().split("\n").length, err);
            assertTrue(err.startsWith("ociconv: error: ") && err.contains(fragment), err);
            assertFalse(Files.exists(target), "no partial output");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no temp files left");
        }
    }

    @Test
    void gzipBombOfADockerArchiveStopsAtTheCap(@TempDir Path dir) throws Exception {
        Path bomb = TestTar.create().file("l1/layer.tar", BOMB, Zeros::new).file("manifest.json", validManifestJson())
                .writeTo(dir.resolve("bomb.tar.gz"), Compression.GZIP);
        assertTrue(Files.size(bomb) < BOMB / 500, "a bomb: " + Files.size(bomb));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        IOException e = assertThrows(IOException.class, () -> DockerArchiveSource.open(bomb, spool, TIGHT).close());
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.toList(), "spool emptied");
        }
    }

    @Test
    void gzipBombOfAnOciArchiveStopsAtTheCap(@TempDir Path dir) throws Exception {
        Path bomb = TestTar.create().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("blobs/sha256/" + "0".repeat(64), BOMB, Zeros::new).file("index.json", "{\"schemaVersion\":2,\"manifests\":[]}")
                .writeTo(dir.resolve("bomb.tar.gz"), Compression.GZIP);
        Path spool = Files.createDirectories(dir.resolve("spool"));
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openArchive(bomb, spool, TIGHT).close());
        assertTrue(e.getMessage().contains("limit") || e.getMessage().contains("more than"), e.getMessage());
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.toList(), "spool emptied");
        }
    }

    /** {@link #BOMB} zero bytes, read in blocks. */
    private static final class Zeros extends InputStream {
        private long left = BOMB;

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
