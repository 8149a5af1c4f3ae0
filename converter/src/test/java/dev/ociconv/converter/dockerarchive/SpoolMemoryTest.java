package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gzip'd archive whose layer is larger than the heap reads through the spool: a child JVM
 * with {@value #HEAP} of heap opens it and drains every layer. Holding the layer in memory would
 * die of OutOfMemoryError. The layer size is {@code -Dociconv.test.bigLayerMiB} (default 24;
 * 300 reproduces the 300 MB case outside the suite).
 */
class SpoolMemoryTest {
    private static final String HEAP = "-Xmx16m";

    @TempDir
    Path dir;

    @Test
    void layerLargerThanTheHeapIsSpooledNotBuffered() throws Exception {
        long mib = Long.getLong("ociconv.test.bigLayerMiB", 24);
        Path file = dir.resolve("big.tar.gz");
        RandomImages.Archive archive = new RandomImages(3).write(file,
                RandomImages.Spec.of(2).withBigFile(mib << 20).compressed(Compression.GZIP));
        assertTrue(Files.size(file) < (mib << 20) / 10, "the compressed archive stays small");

        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), file.toString(), dir.resolve("spool").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        List<String> expected = archive.images().get(0).diffIds().stream().map(Digest::toString).toList();
        assertEquals(expected, output.lines().toList());
    }

    /** Runs in the child JVM: prints each layer's diffID as read. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            try (DockerArchiveSource source = DockerArchiveSource.open(Path.of(args[0]), Path.of(args[1]), Limits.DEFAULT)) {
                for (List<Digest> image : ImageReading.readAll(source)) {
                    image.forEach(System.out::println);
                }
            }
        }
    }
}
