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

/** 10^5 tiny files: the per-entry cost must stay small (it runs in a few seconds). */
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
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        UnpackReport r = Unpacker.unpack(image, image.node, base.resolve("out"), UnpackOptions.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        // CPU time (user + system) of this thread: the machine may be shared, wall time is noisy.
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        assertEquals(100_100, r.entries());
        assertEquals(100_000, r.bytes());
        assertEquals("x", Files.readString(base.resolve("out/d99/f999")));
        System.out.printf("unpacked 10^5 files in %.1f s (%.1f s CPU)%n", seconds, cpu);
        // About 7 s of CPU on a quiet 2-core machine; the bound is loose because the machine is
        // shared, yet tight enough to catch any per-entry cost that grows with the entry count.
        assertTrue(cpu < 60, "took " + cpu + " s of CPU");
    }
}
