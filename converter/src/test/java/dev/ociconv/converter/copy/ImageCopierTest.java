package dev.ociconv.converter.copy;

import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.Platform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCopierTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ImageManifest onlyManifest(MemoryImages.Sink sink) throws IOException {
        RawDocument raw = sink.manifests.values().iterator().next();
        return ImageManifest.parse(raw.bytes(), "manifest");
    }

    @Test
    void legacyImageBecomesOciWithUncompressedLayersAndVerbatimConfig() throws Exception {
        byte[] l1 = random(10_000, 1);
        byte[] l2 = random(70_000, 2);
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("testuser/testimage:v1"), List.of(l1, l2), false);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults());

        assertTrue(sink.committed);
        ImageManifest m = onlyManifest(sink);
        assertEquals(MediaType.OCI_MANIFEST, m.mediaType());
        assertEquals(MediaType.OCI_CONFIG, m.config().mediaType());
        assertEquals(Digest.sha256(l1), m.layers().get(0).digest());
        assertEquals(MediaType.OCI_LAYER, m.layers().get(1).mediaType());
        Digest configDigest = src.entries.get(0).root().digest();
        assertEquals(configDigest, m.config().digest(), "image ID kept");
        assertArrayEquals(src.blobs.values().stream().toList().get(0), sink.blobs.get(Digest.sha256(l1)));
        assertEquals(List.of("testuser/testimage:v1"), sink.images.values().iterator().next());
    }

    @Test
    void compressGzipTranscodesInOnePassAndKeepsDiffIds() throws Exception {
        byte[] l1 = random(200_000, 3);
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of(), List.of(l1), false);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults().withCompression(LayerCompression.GZIP));
        Descriptor layer = onlyManifest(sink).layers().get(0);
        assertEquals(MediaType.OCI_LAYER_GZIP, layer.mediaType());
        byte[] stored = sink.blobs.get(layer.digest());
        assertEquals(layer.size(), stored.length);
        assertArrayEquals(l1, Compressors.decompress(new ByteArrayInputStream(stored), Compression.GZIP).readAllBytes());
    }

    @Test
    void wrongDiffIdFailsAndNothingIsCommitted() throws Exception {
        byte[] l1 = random(1000, 4);
        Digest wrong = Digest.sha256("other".getBytes());
        MemoryImages.Source plain = new MemoryImages.Source().addLegacy(List.of(), List.of(l1), false, wrong);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        assertThrows(DigestMismatchException.class, () -> new ImageCopier().copy(plain, sink, CopyOptions.defaults()));
        assertFalse(sink.committed);

        MemoryImages.Source gz = new MemoryImages.Source().addLegacy(List.of(), List.of(l1), true, wrong);
        MemoryImages.Sink sink2 = MemoryImages.Sink.oci();
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> new ImageCopier().copy(gz, sink2, CopyOptions.defaults().withVerifyDiffIds(true)));
        assertTrue(e.getMessage().contains("rootfs.diff_ids"), e.getMessage());
        assertFalse(sink2.committed);

        // Decompressed on the way (to a docker save archive): checked without being asked.
        MemoryImages.Sink sink3 = MemoryImages.Sink.dockerArchive();
        DigestMismatchException e3 = assertThrows(DigestMismatchException.class,
                () -> new ImageCopier().copy(gz, sink3, CopyOptions.defaults()));
        assertTrue(e3.getMessage().contains("rootfs.diff_ids"), e3.getMessage());
        assertFalse(sink3.committed);

        // Re-compressed on the way: checked too.
        MemoryImages.Sink sink4 = MemoryImages.Sink.oci();
        DigestMismatchException e4 = assertThrows(DigestMismatchException.class,
                () -> new ImageCopier().copy(gz, sink4, CopyOptions.defaults().withCompression(LayerCompression.ZSTD)));
        assertTrue(e4.getMessage().contains("rootfs.diff_ids"), e4.getMessage());
    }

    @Test
    void keptCompressedLayerWithAKnownDigestIsNotInflatedUnlessAsked() throws Exception {
        // As skopeo and crane: the blob digest is what a copy that keeps the blob checks.
        byte[] l1 = random(1000, 4);
        Digest wrong = Digest.sha256("other".getBytes());
        MemoryImages.Source gz = new MemoryImages.Source().withCompressedDigestsKnown()
                .addLegacy(List.of(), List.of(l1), true, wrong);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(gz, sink, CopyOptions.defaults());
        assertTrue(sink.committed);
        assertArrayEquals(MemoryImages.gzip(l1), sink.blobs.get(onlyManifest(sink).layers().get(0).digest()));

        MemoryImages.Sink asked = MemoryImages.Sink.oci();
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> new ImageCopier().copy(gz, asked, CopyOptions.defaults().withVerifyDiffIds(true)));
        assertTrue(e.getMessage().contains("rootfs.diff_ids"), e.getMessage());
        assertFalse(asked.committed);
    }

    @Test
    void keptGzipLayersAreVerifiedAndStoredAsTheyAre() throws Exception {
        byte[] l1 = random(300_000, 5);
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("a:b"), List.of(l1), true);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults());
        Descriptor layer = onlyManifest(sink).layers().get(0);
        assertEquals(MediaType.OCI_LAYER_GZIP, layer.mediaType());
        assertArrayEquals(MemoryImages.gzip(l1), sink.blobs.get(layer.digest()));
    }

    @Test
    void dockerArchiveSinkGetsUncompressedLayersAndDockerManifest() throws Exception {
        byte[] l1 = random(50_000, 6);
        MemoryImages.Source src = new MemoryImages.Source();
        Descriptor m = src.addOci(List.of(l1), "amd64");
        src.entries.add(new dev.ociconv.model.transport.SourceEntry(List.of("x:1"), m, 0));
        MemoryImages.Sink sink = MemoryImages.Sink.dockerArchive();
        new ImageCopier().copy(src, sink, CopyOptions.defaults());
        ImageManifest out = onlyManifest(sink);
        assertEquals(MediaType.DOCKER_MANIFEST, out.mediaType());
        assertEquals(MediaType.DOCKER_LAYER, out.layers().get(0).mediaType());
        assertEquals(Digest.sha256(l1), out.layers().get(0).digest());
        assertThrows(IllegalArgumentException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.dockerArchive(),
                CopyOptions.defaults().withCompression(LayerCompression.GZIP)));
    }

    @Test
    void registrySinkGetsGzipForPlainLayersByDefault() throws Exception {
        byte[] l1 = random(5000, 7);
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of(), List.of(l1), false);
        MemoryImages.Sink sink = MemoryImages.Sink.registry();
        new ImageCopier().copy(src, sink, CopyOptions.defaults());
        assertEquals(MediaType.OCI_LAYER_GZIP, onlyManifest(sink).layers().get(0).mediaType());
    }

    @Test
    void indexesAreKeptWholeOrNarrowedToOnePlatform() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source();
        Descriptor amd = src.addOci(List.of(random(100, 8)), "amd64");
        Descriptor arm = src.addOci(List.of(random(100, 9)), "arm64");
        Descriptor index = src.addIndex(List.of(amd, arm), List.of("multi:1"));

        MemoryImages.Sink all = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, all, CopyOptions.defaults());
        assertEquals(index.digest(), all.images.keySet().iterator().next().digest(), "index copied byte for byte");
        assertEquals(3, all.manifests.size());

        MemoryImages.Sink one = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, one, CopyOptions.defaults().withPlatforms(PlatformChoice.one(Platform.parse("linux/arm64"))));
        assertEquals(arm.digest(), one.images.keySet().iterator().next().digest());

        MemoryImages.Sink docker = MemoryImages.Sink.dockerArchive();
        IOException e = assertThrows(IOException.class, () -> new ImageCopier().copy(src, docker,
                CopyOptions.defaults().withPlatforms(PlatformChoice.one(Platform.parse("linux/s390x")))));
        assertTrue(e.getMessage().contains("linux/amd64, linux/arm64"), e.getMessage());
        assertThrows(IOException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.dockerArchive(),
                CopyOptions.defaults().withPlatforms(PlatformChoice.ALL)));
    }

    /** Several platforms named: a smaller index of those (the whole index when it is all of them), never into a docker archive. */
    @Test
    void aSubsetOfPlatformsIsASmallerIndex() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source();
        Descriptor amd = src.addOci(List.of(random(100, 12)), "amd64");
        Descriptor arm = src.addOci(List.of(random(100, 13)), "arm64");
        Descriptor ppc = src.addOci(List.of(random(100, 14)), "ppc64le");
        Descriptor index = src.addIndex(List.of(amd, arm, ppc), List.of("multi:1"));
        PlatformChoice two = PlatformChoice.of(List.of(Platform.parse("linux/ppc64le"), Platform.parse("linux/amd64")));
        assertEquals(PlatformChoice.Mode.SOME, two.mode());

        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults().withPlatforms(two));
        Descriptor root = sink.images.keySet().iterator().next();
        assertTrue(root.mediaType().isIndex());
        dev.ociconv.model.spec.ImageIndex written = dev.ociconv.model.spec.ImageIndex.parse(sink.manifests.get(root.digest()).bytes(), "t");
        assertEquals(List.of(amd.digest(), ppc.digest()), written.manifests().stream().map(Descriptor::digest).toList(),
                "the source's order, only the platforms named");
        assertEquals("amd64", written.manifests().get(0).platform().architecture());
        assertTrue(!sink.manifests.containsKey(arm.digest()), "the platform not named is not copied");

        MemoryImages.Sink every = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, every, CopyOptions.defaults().withPlatforms(PlatformChoice.of(List.of(
                Platform.parse("linux/arm64"), Platform.parse("linux/amd64"), Platform.parse("linux/ppc64le")))));
        assertEquals(index.digest(), every.images.keySet().iterator().next().digest(), "all of them: the index as it is");

        MemoryImages.Sink partly = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, partly, CopyOptions.defaults().withPlatforms(PlatformChoice.of(List.of(
                Platform.parse("linux/arm64"), Platform.parse("linux/s390x")))));
        assertEquals(arm.digest(), partly.images.keySet().iterator().next().digest(), "the one present, alone");

        assertThrows(NoSuchPlatformException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.oci(),
                CopyOptions.defaults().withPlatforms(PlatformChoice.of(List.of(Platform.parse("linux/s390x"), Platform.parse("linux/riscv64"))))));
        IOException docker = assertThrows(IOException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.dockerArchive(),
                CopyOptions.defaults().withPlatforms(two)));
        assertTrue(docker.getMessage().contains("one platform per image"), docker.getMessage());
    }

    /** --preserve-digests: the same digest at the destination, or a failure naming both before the image is named there. */
    @Test
    void preservingDigestsRefusesAChangeBeforeTheImageIsNamed() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source();
        Descriptor image = src.addOci(List.of(random(1000, 21)), "amd64");
        src.entries.add(new dev.ociconv.model.transport.SourceEntry(List.of("app:1"), image, 0));
        MemoryImages.Sink registry = MemoryImages.Sink.registry();
        new ImageCopier().copy(src, registry, CopyOptions.defaults().withPreserveDigests(true));
        assertEquals(image.digest(), registry.images.keySet().iterator().next().digest(), "layers pushed as they are");

        MemoryImages.Sink gzip = MemoryImages.Sink.oci();
        IOException changed = assertThrows(IOException.class, () -> new ImageCopier().copy(src, gzip,
                CopyOptions.defaults().withPreserveDigests(true).withCompression(LayerCompression.NONE)));
        assertTrue(changed.getMessage().contains("--preserve-digests refuses") && changed.getMessage().contains(image.digest().shortHex()),
                changed.getMessage());
        assertTrue(gzip.images.isEmpty(), "not named at the destination");

        MemoryImages.Source legacy = new MemoryImages.Source().addLegacy(List.of("busybox:latest"), List.of(random(10, 22)), false);
        IOException none = assertThrows(IOException.class, () -> new ImageCopier().copy(legacy, MemoryImages.Sink.oci(),
                CopyOptions.defaults().withPreserveDigests(true)));
        assertTrue(none.getMessage().contains("has no manifest"), none.getMessage());
    }

    /** --dest-compress-level: the level of the layers the copy compresses; a higher one writes fewer bytes of text. */
    @Test
    void theCompressionLevelIsTheOneAsked() throws Exception {
        byte[] text = "usr/lib/x86_64-linux-gnu/libssl.so.3 zoneinfo Europe doc man pkgconfig\n".repeat(20_000).getBytes();
        long[] sizes = new long[2];
        int[] levels = {1, 9};
        for (int i = 0; i < 2; i++) {
            MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("t:1"), List.of(text), false);
            MemoryImages.Sink sink = MemoryImages.Sink.oci();
            new ImageCopier().copy(src, sink, CopyOptions.defaults().withCompression(LayerCompression.GZIP).withCompressionLevel(levels[i]));
            sizes[i] = onlyManifest(sink).layers().get(0).size();
        }
        assertTrue(sizes[1] < sizes[0], "level 9 " + sizes[1] + " bytes, level 1 " + sizes[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dev.ociconv.converter.io.Compressors.compress(java.io.OutputStream.nullOutputStream(),
                        dev.ociconv.model.media.Compression.GZIP, java.util.OptionalInt.of(12)));
        assertTrue(e.getMessage().contains("takes levels 1 to 9"), e.getMessage());
    }

    @Test
    void selectsImagesByNameOrPosition() throws Exception {
        MemoryImages.Source src = new MemoryImages.Source()
                .addLegacy(List.of("busybox:latest"), List.of(random(10, 10)), false)
                .addLegacy(List.of("alpine:3.20"), List.of(random(10, 11)), false);
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, sink, CopyOptions.defaults().withImage("docker.io/library/alpine:3.20"));
        assertEquals(List.of("alpine:3.20"), sink.images.values().iterator().next());

        MemoryImages.Sink second = MemoryImages.Sink.oci();
        new ImageCopier().copy(src, second, CopyOptions.defaults().withImage("@0").withDestinationNames(List.of("v1")));
        assertEquals(List.of("v1"), second.images.values().iterator().next());

        IOException e = assertThrows(IOException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.oci(),
                CopyOptions.defaults().withDestinationNames(List.of("v1"))));
        assertTrue(e.getMessage().contains("holds 2 images"), e.getMessage());
        assertThrows(IOException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.oci(),
                CopyOptions.defaults().withImage("@2")));
        assertThrows(IOException.class, () -> new ImageCopier().copy(src, MemoryImages.Sink.oci(),
                CopyOptions.defaults().withImage("nginx")));
    }

    @Test
    void brokenGzipLayerIsReportedAsSuchWhenTranscoding() throws Exception {
        byte[] l1 = random(300_000, 12);
        MemoryImages.Source src = new MemoryImages.Source().addLegacy(List.of("a:b"), List.of(l1), true);
        // cut the stored gzip layer short, keeping its key so the source still finds it
        Digest key = src.blobs.keySet().iterator().next();
        byte[] whole = src.blobs.get(key);
        src.blobs.put(key, java.util.Arrays.copyOf(whole, whole.length / 2));
        MemoryImages.Sink sink = MemoryImages.Sink.dockerArchive();
        IOException e = assertThrows(IOException.class, () -> new ImageCopier().copy(src, sink, CopyOptions.defaults()));
        assertTrue(e.getMessage().contains("cannot decompress"), e.getMessage());
        assertFalse(sink.committed);
    }
}
