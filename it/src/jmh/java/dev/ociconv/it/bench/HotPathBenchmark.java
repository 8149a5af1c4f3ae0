package dev.ociconv.it.bench;

import dev.ociconv.converter.io.ParallelGzipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The hot paths of a layer copy, on 32 MiB of half random, half text bytes (like the harness's
 * images): gzip (the JDK's one-core stream against ParallelGzipOutputStream per level), inflate,
 * and SHA-256. Scores are milliseconds per 32 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class HotPathBenchmark {
    private static final int SIZE = 32 << 20;

    @Param({"1", "4", "6"})
    public int level;

    private byte[] data;
    private byte[] gzipped;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = sample(SIZE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(data);
        }
        gzipped = out.toByteArray();
    }

    static byte[] sample(int size) {
        Random random = new Random(42);
        byte[] line = "usr/lib/x86_64-linux-gnu/libexample.so.1 644 0 0\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i += 1 << 20) {
            if ((i >> 20) % 2 == 0) {
                byte[] r = new byte[1 << 20];
                random.nextBytes(r);
                System.arraycopy(r, 0, b, i, r.length);
            } else {
                for (int j = 0; j < 1 << 20; j++) {
                    b[i + j] = (byte) (j % 97 == 0 ? '0' + random.nextInt(10) : line[j % line.length]);
                }
            }
        }
        return b;
    }

    @Benchmark
    public long jdkGzipOneCore() throws IOException {
        Counting c = new Counting();
        try (OutputStream gz = new GZIPOutputStream(c, 1 << 16) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(data);
        }
        return c.n;
    }

    @Benchmark
    public long parallelGzip() throws IOException {
        Counting c = new Counting();
        try (OutputStream gz = new ParallelGzipOutputStream(c, level, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
                java.util.concurrent.ForkJoinPool.commonPool(), Runtime.getRuntime().availableProcessors())) {
            gz.write(data);
        }
        return c.n;
    }

    @Benchmark
    public long inflate() throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 1 << 16)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Benchmark
    public byte[] sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static final class Counting extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }
}
