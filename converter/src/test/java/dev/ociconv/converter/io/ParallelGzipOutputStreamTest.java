package dev.ociconv.converter.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = 128 * 1024;

    /** Half random bytes, half repetitive text: like a real layer, some of it compresses. */
    static byte[] sample(int size, long seed) {
        Random random = new Random(seed);
        byte[] text = "usr/lib/x86_64-linux-gnu/libexample.so.1 rw-r--r-- root root 4096\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i += 4096) {
            int n = Math.min(4096, size - i);
            if ((i / 4096) % 2 == 0) {
                byte[] r = new byte[n];
                random.nextBytes(r);
                System.arraycopy(r, 0, data, i, n);
            } else {
                for (int j = 0; j < n; j++) {
                    data[i + j] = text[(j + i / 7) % text.length];
                }
            }
        }
        return data;
    }

    static byte[] gzip(byte[] data, ExecutorService pool, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, pool == null ? Runnable::run : pool, threads)) {
            for (int i = 0; i < data.length; i += writeSize) {
                gz.write(data, i, Math.min(writeSize, data.length - i));
            }
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 12345})
    void roundTripsThroughGzipInputStream(int size) throws IOException {
        byte[] data = sample(size, size);
        byte[] gz = gzipDefault(data);
        assertArrayEquals(data, gunzip(gz));
        assertEquals(size & 0xff, gz[gz.length - 4] & 0xff, "ISIZE");
    }

    private static byte[] gzipDefault(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new ParallelGzipOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void gzipToolReadsIt(@TempDir Path dir) throws Exception {
        byte[] data = sample(3 * BLOCK + 777, 7);
        Path file = dir.resolve("x.gz");
        Files.write(file, gzip(data, null, 1, 8192));
        Process p = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(false).start();
        byte[] plain = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertArrayEquals(data, plain);
        Process t = new ProcessBuilder("gzip", "-t", file.toString()).start();
        assertTrue(t.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, t.exitValue(), "gzip -t");
    }

    @Test
    void sameBytesWhateverTheThreadCountAndWriteSizes() throws Exception {
        byte[] data = sample(9 * BLOCK + 3, 11);
        ExecutorService four = Executors.newFixedThreadPool(4);
        try {
            byte[] direct = gzip(data, null, 1, 1000);
            byte[] parallel = gzip(data, four, 4, 65536 + 3);
            byte[] single = gzip(data, four, 1, 1);
            assertArrayEquals(direct, parallel);
            assertArrayEquals(direct, single);
            assertArrayEquals(data, gunzip(direct));
        } finally {
            four.shutdownNow();
        }
    }

    @Test
    void primedBlocksCompressAboutAsWellAsOneStream() throws IOException {
        byte[] data = sample(16 * BLOCK, 3);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(plain)) {
            gz.write(data);
        }
        int ours = gzip(data, null, 1, BLOCK).length;
        assertTrue(ours < plain.size() * 1.01, ours + " bytes vs " + plain.size());
    }

    @Test
    void randomBytesAreStoredAndTextIsCompressed() throws IOException {
        byte[] random = new byte[4 * BLOCK];
        new Random(9).nextBytes(random);
        byte[] stored = gzip(random, null, 1, BLOCK);
        assertArrayEquals(random, gunzip(stored));
        assertTrue(stored.length < random.length * 1.001, "stored: " + stored.length);
        byte[] text = new byte[4 * BLOCK];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ("abcdefghij".charAt(i % 10) + (i % 7919 == 0 ? 1 : 0));
        }
        byte[] compressed = gzip(text, null, 1, BLOCK);
        assertArrayEquals(text, gunzip(compressed));
        assertTrue(compressed.length < text.length / 50, "compressed: " + compressed.length);
    }

    @Test
    void emptyInputIsAValidEmptyGzip() throws IOException {
        byte[] gz = gzip(new byte[0], null, 1, 1);
        assertEquals(0, gunzip(gz).length);
        assertTrue(gz.length < 30);
    }

    @Test
    void aFailingOutputFailsTheWriteOrClose() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        byte[] data = sample(4 * BLOCK, 5);
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream gz = new ParallelGzipOutputStream(broken, 6, BLOCK, Runnable::run, 1)) {
                gz.write(data);
            }
        });
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void aPoolThatRefusesWorkIsAnIOException() {
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream gz = new ParallelGzipOutputStream(OutputStream.nullOutputStream(), 6, BLOCK,
                    r -> {
                        throw new java.util.concurrent.RejectedExecutionException("pool shut down");
                    }, 1)) {
                gz.write(new byte[10]);
            }
        });
        assertTrue(e.getMessage().startsWith("gzip: "), e.getMessage());
    }

    @Test
    void aFailedBlockIsAnIOException() {
        java.util.concurrent.CompletableFuture<byte[]> failed = new java.util.concurrent.CompletableFuture<>();
        failed.completeExceptionally(new OutOfMemoryError("Java heap space"));
        IOException e = assertThrows(IOException.class, () -> ParallelGzipOutputStream.await(failed));
        assertTrue(e.getMessage().contains("Java heap space"), e.getMessage());
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        OutputStream gz = new ParallelGzipOutputStream(OutputStream.nullOutputStream());
        gz.close();
        IOException e = assertThrows(IOException.class, () -> gz.write(1));
        assertEquals("gzip: stream closed", e.getMessage());
    }
}
