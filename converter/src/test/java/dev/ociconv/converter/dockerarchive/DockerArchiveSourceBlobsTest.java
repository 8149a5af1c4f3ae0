package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openBlob, limits, concurrent readers and hostile outer archives. */
class DockerArchiveSourceBlobsTest {
    @TempDir
    Path dir;

    @Test
    void blobsOfTheOciPartAreServedVerified() throws IOException {
        try (DockerArchiveSource source = DockerArchiveSource.open(
                Samples.sample("docker25-hello-world/hello-world-v25.tar"), dir, Limits.DEFAULT)) {
            Descriptor layer = new Descriptor(MediaType.OCI_LAYER,
                    Digest.parse("sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43"), 10752);
            try (InputStream in = source.openBlob(layer)) {
                assertEquals(10752, in.transferTo(OutputStream.nullOutputStream()));
            }
            try (InputStream in = source.openBlob(layer.withMediaType(MediaType.OCI_LAYER))) {
                in.readNBytes(10);
            }
            Descriptor wrongSize = new Descriptor(MediaType.OCI_LAYER, layer.digest(), 10751);
            try (InputStream in = source.openBlob(wrongSize)) {
                assertThrows(DigestMismatchException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
            }
            Descriptor absent = new Descriptor(MediaType.OCI_LAYER, Digest.sha256(new byte[0]), 0);
            IOException e = assertThrows(dev.ociconv.model.transport.BlobNotFoundException.class, () -> source.openBlob(absent));
            assertTrue(e.getMessage().endsWith("is not in the archive"), e.getMessage());
        }
    }

    @Test
    void plainLegacyLayersAreBlobsByDiffIdOnceResolved() throws IOException {
        RandomImages.Archive archive = new RandomImages(5).write(dir.resolve("a.tar"), RandomImages.Spec.of(2));
        try (DockerArchiveSource source = DockerArchiveSource.open(archive.file(), dir, Limits.DEFAULT)) {
            ManifestNode node = ImageReading.image(source, source.entries().get(0));
            LayerRef layer = node.layers().get(1);
            try (InputStream in = source.openBlob(layer.descriptor())) {
                assertEquals(layer.size(), in.transferTo(OutputStream.nullOutputStream()));
            }
        }
    }

    @Test
    void concurrentReadersDoNotDisturbEachOther() throws Exception {
        RandomImages.Archive archive = new RandomImages(9).write(dir.resolve("c.tar"),
                RandomImages.Spec.of(6).withBigFile(1 << 20));
        try (DockerArchiveSource source = DockerArchiveSource.open(archive.file(), dir, Limits.DEFAULT)) {
            ManifestNode node = ImageReading.image(source, source.entries().get(0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Digest>> results = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (LayerRef layer : node.layers()) {
                        results.add(pool.submit(() -> ImageReading.diffId(source, layer)));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertEquals(node.layers().get(i % node.layers().size()).diffId(), results.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void manifestJsonOverItsLimitIsRefused() throws IOException {
        RandomImages.Archive archive = new RandomImages(5).write(dir.resolve("l.tar"), RandomImages.Spec.of(1));
        Limits tight = new Limits(4 << 20, 4 << 20, 64, 1000, 4096, 1L << 30);
        IOException e = assertThrows(BoundedReads.TooLargeException.class,
                () -> DockerArchiveSource.open(archive.file(), dir, tight));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        RandomImages.Archive archive = new RandomImages(5).write(dir.resolve("n.tar"), RandomImages.Spec.of(3));
        Limits tight = new Limits(4 << 20, 4 << 20, 1 << 20, 5, 4096, 1L << 30);
        IOException e = assertThrows(IOException.class, () -> DockerArchiveSource.open(archive.file(), dir, tight));
        assertTrue(e.getMessage().contains("more than 5 entries"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"edge-malicious-raw-tars/escape.tar", "edge-malicious-raw-tars/zip-slip.tar"})
    void hostileRawTarsAreNotDockerArchives(String sample) {
        Path file = Samples.sample(sample); // outside assertThrows: a missing corpus skips
        IOException e = assertThrows(IOException.class, () -> DockerArchiveSource.open(file, dir, Limits.DEFAULT));
        assertTrue(e.getMessage().contains("has no manifest.json: not a docker save archive"), e.getMessage());
    }

    @Test
    void manifestJsonReachedOnlyThroughAnEscapingLinkIsAbsent() throws IOException {
        TestTar tar = TestTar.create().symlink("manifest.json", "../../../etc/passwd");
        IOException e = assertThrows(IOException.class,
                () -> DockerArchiveSource.open(tar.writeTo(dir.resolve("e.tar")), dir, Limits.DEFAULT));
        assertTrue(e.getMessage().contains("points outside the archive"), e.getMessage());
    }
}
