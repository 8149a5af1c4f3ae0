package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.converter.copy.LayerCompression;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.StoredBlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive written straight, layer by layer, must be the very archive the staged path writes;
 * where the plan does not hold (a second image), the sink falls back and still writes it.
 */
class DirectSaveTarTest {
    private static final DockerArchiveSink.Options FIXED = DockerArchiveSink.Options.defaults()
            .withClock(Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC));

    @TempDir
    Path tmp;

    @Test
    void oneImageIsWrittenStraightAndEqualsTheStagedArchive() throws Exception {
        Path in = new RandomImages(7).write(tmp.resolve("in.tar"), RandomImages.Spec.of(4).withExtras()).file();
        Path straight = tmp.resolve("straight.tar");
        Path staged = tmp.resolve("staged.tar");
        assertTrue(copy("docker-archive:" + in, straight, true, CopyOptions.defaults()));
        assertFalse(copy("docker-archive:" + in, staged, false, CopyOptions.defaults()));
        assertArrayEquals(Files.readAllBytes(staged), Files.readAllBytes(straight));
        assertNoTempFiles();
    }

    @Test
    void gzipLayersAreDecompressedStraightIntoTheArchive() throws Exception {
        Path in = new RandomImages(8).write(tmp.resolve("in.tar"), RandomImages.Spec.of(3).withBigFile(3 << 20)).file();
        Path layout = tmp.resolve("gz");
        Ociconv.copy("docker-archive:" + in, "oci:" + layout, CopyOptions.defaults().withCompression(LayerCompression.GZIP));
        Path straight = tmp.resolve("straight.tar");
        Path staged = tmp.resolve("staged.tar");
        assertTrue(copy("oci:" + layout, straight, true, CopyOptions.defaults()));
        assertFalse(copy("oci:" + layout, staged, false, CopyOptions.defaults()));
        assertArrayEquals(Files.readAllBytes(staged), Files.readAllBytes(straight));
        // and the layers are the original ones: back to the input's own bytes
        Path again = tmp.resolve("again.tar");
        copy("docker-archive:" + straight, again, true, CopyOptions.defaults());
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(again));
    }

    @Test
    void aBlobThatInflatesToTheRightLayerButIsNotTheBlobNamedFailsOnItsDigest() throws Exception {
        // Same plain bytes, other gzip bytes: the diffID holds, the blob digest does not. The
        // error must be the digest's, from the helper thread that read the blob, on both paths.
        Path in = new RandomImages(11).write(tmp.resolve("in.tar"), RandomImages.Spec.of(2)).file();
        Path layout = tmp.resolve("gz");
        Ociconv.copy("docker-archive:" + in, "oci:" + layout, CopyOptions.defaults().withCompression(LayerCompression.GZIP));
        Path blob;
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            blob = blobs.filter(p -> {
                try (java.io.InputStream probe = Files.newInputStream(p)) {
                    return probe.read() == 0x1f;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
        }
        byte[] plain;
        try (java.io.InputStream gz = new java.util.zip.GZIPInputStream(Files.newInputStream(blob))) {
            plain = gz.readAllBytes();
        }
        java.io.ByteArrayOutputStream other = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(other)) {
            gz.write(plain);
        }
        Files.write(blob, other.toByteArray());
        for (boolean straight : new boolean[]{true, false}) {
            Path out = tmp.resolve("out-" + straight + ".tar");
            dev.ociconv.model.digest.DigestMismatchException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ociconv.model.digest.DigestMismatchException.class,
                    () -> copy("oci:" + layout, out, straight, CopyOptions.defaults()));
            assertTrue(e.getMessage().contains(blob.getFileName().toString()), e.getMessage());
            assertFalse(Files.exists(out));
        }
        assertNoTempFiles();
    }

    @Test
    void aSecondImageTakesTheSinkOffThePlanAndTheArchiveIsStillRight() throws Exception {
        Path in = new RandomImages(9).write(tmp.resolve("in.tar"), RandomImages.Spec.of(3).withImages(3)).file();
        Path planned = tmp.resolve("planned.tar");
        Path staged = tmp.resolve("staged.tar");
        assertFalse(copy("docker-archive:" + in, planned, true, CopyOptions.defaults()));
        copy("docker-archive:" + in, staged, false, CopyOptions.defaults());
        assertArrayEquals(Files.readAllBytes(staged), Files.readAllBytes(planned));
        assertNoTempFiles();
    }

    @Test
    void aFailedCopyLeavesNeitherTheArchiveNorItsTempFile() throws Exception {
        Path in = new RandomImages(10).write(tmp.resolve("in.tar"), RandomImages.Spec.of(3)).file();
        Path out = tmp.resolve("out.tar");
        try (ImageSource source = Ociconv.openSource("docker-archive:" + in);
             DockerArchiveSink sink = DockerArchiveSink.legacy(out, FIXED)) {
            ImageSink failing = new Delegating(sink) {
                int layers;

                @Override
                public StoredBlob putBlob(BlobWrite blob) throws IOException {
                    if (++layers == 2) {
                        throw new IOException("disk full (simulated)");
                    }
                    return sink.putBlob(blob);
                }

                @Override
                public java.util.Optional<List<Integer>> sequentialLayerOrder(Descriptor root,
                        dev.ociconv.model.transport.ManifestNode image) throws IOException {
                    return sink.sequentialLayerOrder(root, image);
                }
            };
            try {
                new ImageCopier().copy(source, failing, CopyOptions.defaults());
            } catch (IOException expected) {
                assertTrue(expected.getMessage().contains("disk full"), expected.getMessage());
            }
        }
        assertFalse(Files.exists(out));
        assertNoTempFiles();
    }

    /** Copies into a legacy docker save archive; {@code straight} false hides the sink's plan. Returns whether it wrote straight. */
    private static boolean copy(String from, Path to, boolean straight, CopyOptions options) throws IOException {
        try (ImageSource source = Ociconv.openSource(from);
             DockerArchiveSink sink = DockerArchiveSink.legacy(to, FIXED)) {
            ImageSink target = straight ? sink : new Delegating(sink);
            new ImageCopier().copy(source, target, options);
            return sink.committedStraight();
        }
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }

    /** A sink that passes everything on except its plan: the copier then puts layers in parallel. */
    private static class Delegating implements ImageSink {
        final DockerArchiveSink sink;

        Delegating(DockerArchiveSink sink) {
            this.sink = sink;
        }

        @Override
        public String description() {
            return sink.description();
        }

        @Override
        public SinkCapabilities capabilities() {
            return sink.capabilities();
        }

        @Override
        public boolean hasBlob(Digest digest, long size) {
            return sink.hasBlob(digest, size);
        }

        @Override
        public StoredBlob putBlob(BlobWrite blob) throws IOException {
            return sink.putBlob(blob);
        }

        @Override
        public void putManifest(RawDocument document) throws IOException {
            sink.putManifest(document);
        }

        @Override
        public void addImage(Descriptor root, List<String> names) throws IOException {
            sink.addImage(root, names);
        }

        @Override
        public void commit() throws IOException {
            sink.commit();
        }

        @Override
        public void close() {
            sink.close();
        }
    }
}
