package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layouts written by our sink, then broken on purpose. */
class OciLayoutSourceTest {
    @TempDir
    Path tmp;

    private TestImages.TestImage img;

    private Path layout() throws IOException {
        Path dir = tmp.resolve("layout");
        img = TestImages.make("content");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            img.writeTo(sink, List.of("t"));
            sink.commit();
        }
        return dir;
    }

    private IOException resolveFails(Path dir) throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            return assertThrows(IOException.class, () -> src.resolve(src.entries().get(0).root()));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"imageLayoutVersion\": \"2.0.0\"}|oci-layout: ",
            "{}|oci-layout: ",
            "not json|oci-layout: "})
    void badLayoutFile(String content, String message) throws IOException {
        Path dir = layout();
        Files.writeString(dir.resolve("oci-layout"), content);
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openDirectory(dir, Limits.DEFAULT));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void missingLayoutFile() throws IOException {
        Path dir = layout();
        Files.delete(dir.resolve("oci-layout"));
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openDirectory(dir, Limits.DEFAULT));
        assertTrue(e.getMessage().contains("oci-layout: missing"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x/y\",\"digest\":\"sha256:../../../etc/passwd\",\"size\":1}]}|invalid sha256 digest",
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x/y\",\"digest\":\"md5:abc\",\"size\":1}]}|unsupported digest algorithm",
            "{\"schemaVersion\":3}|schemaVersion",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}|not an index type",
            "{\"schemaVersion\":2,\"schemaVersion\":2}|Duplicate field",
            "null|null"})
    void badIndexJson(String content, String message) throws IOException {
        Path dir = layout();
        Files.writeString(dir.resolve("index.json"), content);
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openDirectory(dir, Limits.DEFAULT));
        assertTrue(e.getMessage().contains("index.json: ") && e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void tamperedManifestFailsVerification() throws IOException {
        Path dir = layout();
        Path blob = dir.resolve(LayoutStore.blobPath(img.root().digest()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] = ' '; // same size, other content
        Files.write(blob, bytes);
        assertInstanceOf(DigestMismatchException.class, resolveFails(dir));
        Files.write(blob, new byte[3]);
        IOException e = resolveFails(dir);
        assertInstanceOf(DigestMismatchException.class, e);
        assertTrue(e.getMessage().contains("size 3 bytes"), e.getMessage());
    }

    @Test
    void tamperedLayerFailsAtEof() throws IOException {
        Path dir = layout();
        Path blob = dir.resolve(LayoutStore.blobPath(img.layerDescriptor().digest()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1;
        Files.write(blob, bytes);
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            ManifestNode m = (ManifestNode) src.resolve(src.entries().get(0).root());
            try (InputStream in = src.openLayer(m.layers().get(0))) {
                assertThrows(DigestMismatchException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
            }
        }
    }

    @Test
    void symlinkLeavingTheLayoutIsRefused() throws IOException {
        Path dir = layout();
        Path blob = dir.resolve(LayoutStore.blobPath(img.root().digest()));
        Path outside = tmp.resolve("outside.json");
        Files.move(blob, outside);
        Files.createSymbolicLink(blob, outside);
        IOException e = resolveFails(dir);
        assertTrue(e.getMessage().contains("leaves the layout directory"), e.getMessage());
    }

    @Test
    void symlinkInsideTheLayoutIsFollowed() throws IOException {
        Path dir = layout();
        Path blob = dir.resolve(LayoutStore.blobPath(img.root().digest()));
        Path inside = dir.resolve("elsewhere.json");
        Files.move(blob, inside);
        Files.createSymbolicLink(blob, Path.of("../../elsewhere.json"));
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            assertInstanceOf(ManifestNode.class, src.resolve(src.entries().get(0).root()));
        }
    }

    @Test
    void missingLayerIsNotPresentAndFailsOnlyWhenOpened() throws IOException {
        Path dir = layout();
        Files.delete(dir.resolve(LayoutStore.blobPath(img.layerDescriptor().digest())));
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            ManifestNode m = (ManifestNode) src.resolve(src.entries().get(0).root());
            LayerRef layer = m.layers().get(0);
            assertFalse(layer.present());
            assertEquals(img.diffId(), layer.diffId());
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> src.openLayer(layer));
            assertTrue(e.getMessage().contains("layer blob not in the layout"), e.getMessage());
        }
    }

    @Test
    void missingConfigIsAClearError() throws IOException {
        Path dir = layout();
        Files.delete(dir.resolve(LayoutStore.blobPath(img.configDescriptor().digest())));
        IOException e = resolveFails(dir);
        assertInstanceOf(BlobNotFoundException.class, e);
        assertTrue(e.getMessage().contains("(config): blob missing from the layout"), e.getMessage());
        Files.delete(dir.resolve(LayoutStore.blobPath(img.root().digest())));
        assertInstanceOf(BlobNotFoundException.class, resolveFails(dir), "an absent manifest is not found, not corrupt");
    }

    @Test
    void diffIdCountMismatch() throws IOException {
        Path dir = tmp.resolve("layout");
        TestImages.TestImage base = TestImages.make("x");
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + base.configDescriptor().digest() + "\",\"size\":"
                + base.config().length + "},\"layers\":[]}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            sink.putBlob(new dev.ociconv.model.transport.BlobWrite(MediaType.OCI_CONFIG, null, -1, out -> out.write(base.config())));
            sink.putManifest(dev.ociconv.model.content.RawDocument.of(bytes, MediaType.OCI_MANIFEST));
            sink.addImage(new dev.ociconv.model.spec.Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(bytes), bytes.length), List.of());
            sink.commit();
        }
        IOException e = resolveFails(dir);
        assertTrue(e.getMessage().contains("0 layers but the config lists 1 diff_ids"), e.getMessage());
    }

    @Test
    void limitsAreHonoured() throws IOException {
        Path dir = layout();
        Limits tiny = new Limits(100, 100, 1 << 20, 1000, 4096, 1 << 20);
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, tiny)) {
            assertThrows(BoundedReads.TooLargeException.class, () -> src.resolve(src.entries().get(0).root()));
        }
    }

    @Test
    void compressedArchivesAreSpooledAndCleanedUp() throws IOException {
        Path dir = tmp.resolve("layout");
        byte[] big = new byte[5 << 20]; // above the in-memory threshold: spooled to a file
        new Random(1).nextBytes(big);
        byte[] config = ("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(big) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER + "\",\"digest\":\"" + Digest.sha256(big)
                + "\",\"size\":" + big.length + "}]}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            sink.putBlob(new dev.ociconv.model.transport.BlobWrite(MediaType.OCI_LAYER, null, -1, out -> out.write(big)));
            sink.putBlob(new dev.ociconv.model.transport.BlobWrite(MediaType.OCI_CONFIG, null, -1, out -> out.write(config)));
            sink.putManifest(dev.ociconv.model.content.RawDocument.of(m, MediaType.OCI_MANIFEST));
            sink.addImage(new dev.ociconv.model.spec.Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(m), m.length), List.of("n"));
            sink.commit();
        }
        Path tgz = tmp.resolve("layout.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    // "./"-prefixed names, as some tools write them
                    TarArchiveEntry e = new TarArchiveEntry("./" + dir.relativize(f));
                    e.setSize(Files.size(f));
                    tar.putArchiveEntry(e);
                    Files.copy(f, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        try (OciLayoutSource src = OciLayoutSource.openArchive(tgz, spool, Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            assertEquals(List.of("n"), e.names());
            try (Stream<Path> s = Files.walk(spool)) {
                assertEquals(1, s.filter(Files::isRegularFile).count(), "only the big blob is spooled");
            }
            OciLayoutSourceSamplesTest.drainAndCheckDiffIds(src, (ManifestNode) src.resolve(e.root()));
        }
        try (Stream<Path> s = Files.list(spool)) {
            assertEquals(0, s.count());
        }
        Limits smallDisk = new Limits(4 << 20, 4 << 20, 1 << 20, 1000, 4096, 1 << 20);
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openArchive(tgz, spool, smallDisk));
        assertTrue(e.getMessage().endsWith("more than the limit of 1048576 bytes to unpack"), e.getMessage());
        try (Stream<Path> s = Files.list(spool)) {
            assertEquals(0, s.count(), "a failed open leaves no spool behind");
        }
    }

    @Test
    void notAnArchive() throws IOException {
        Path f = Files.writeString(tmp.resolve("x.tar"), "hello, this is not a tar archive at all".repeat(20));
        IOException e = assertThrows(IOException.class, () -> OciLayoutSource.openArchive(f, tmp, Limits.DEFAULT));
        assertTrue(e.getMessage().startsWith("oci-archive:" + f + ": "), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> OciLayoutSource.openDirectory(tmp.resolve("none"), Limits.DEFAULT));
    }
}
