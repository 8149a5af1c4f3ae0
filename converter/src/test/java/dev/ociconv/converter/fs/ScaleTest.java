package dev.ociconv.converter.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^5 tiny files: the per-entry cost must stay near the file system's own. The bound is relative to
 * the same run's cost of creating the same files with plain {@link Files#writeString}, because the
 * kernel's cost per file creation varies by a factor of five on this kind of machine (it grows after
 * many deletions), while what we guard against is a per-entry cost of ours that grows.
 */
class ScaleTest {
    @TempDir
    Path base;

    @Test
    void hundredThousandTinyFiles() throws IOException {
        Path layer = base.resolve("layer.tar.gz");
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(layer)))) {
            TarBuilder t = TarBuilder.to(out);
            for (int d = 0; d < 100; d++) {
                t.dir("d" + d);
                for (int f = 0; f < 1000; f++) {
                    t.file("d" + d + "/f" + f, "x");
                }
            }
            t.close();
        }
        TestImage image = TestImage.ofFiles(layer);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long floorStart = threads.getCurrentThreadCpuTime();
        Path plain = base.resolve("plain");
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(plain.resolve("d" + d));
            for (int f = 0; f < 1000; f++) {
                Files.writeString(dir.resolve("f" + f), "x");
            }
        }
        double floor = (threads.getCurrentThreadCpuTime() - floorStart) / 1e9;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        UnpackReport r = Unpacker.unpack(image, image.node, base.resolve("out"), UnpackOptions.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        // CPU time (user + system) of this thread: the machine may be shared, wall time is noisy.
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        assertEquals(100_100, r.entries());
        assertEquals(100_000, r.bytes());
        assertEquals("x", Files.readString(base.resolve("out/d99/f999")));
        System.out.printf("unpacked 10^5 files in %.1f s (%.1f s CPU; plain creation %.1f s CPU)%n",
                seconds, cpu, floor);
        // Unpacking does more per file than the floor (a digest, a tar header, a mode, an mtime, an
        // atomic commit, a cold JIT): 7.8 s against 2.1 s on a fresh machine; 6x plus slack still
        // catches a cost that grows with the entry count (10^5 entries make any quadratic step dominate).
        assertTrue(cpu < 6 * floor + 15, "took " + cpu + " s of CPU against a floor of " + floor + " s");
    }
}
