package dev.ociconv.registry;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import dev.ociconv.model.transport.StoredBlob;
import dev.ociconv.registry.testing.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push with RegistrySink and pull with RegistrySource against a real registry process. */
class LocalRegistryRoundTripTest {
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(LocalRegistry.isAvailable(), "registry binary not installed at " + LocalRegistry.BINARY);
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void pushThenPullAnImage() throws Exception {
        byte[] small = "hello layer".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        byte[] smallGz = gzip(small);
        byte[] bigGz = gzip(big);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(small) + "\",\"" + Digest.sha256(big) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDesc = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        Descriptor smallDesc = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(smallGz), smallGz.length);
        Descriptor bigDesc = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(bigGz), bigGz.length);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, null, configDesc, List.of(smallDesc, bigDesc),
                null, Map.of());
        RawDocument manifestDoc = RawDocument.of(Json.write(manifest), MediaType.OCI_MANIFEST);

        ImageReference ref = ImageReference.parse(registry.hostPort() + "/test/image:v1");
        try (RegistrySink sink = RegistrySink.open(ref, RegistryOptions.defaults())) {
            assertFalse(sink.hasBlob(smallDesc.digest(), smallDesc.size()));
            // Unknown digest: streamed PATCH; known and big: streamed too; config: monolithic.
            StoredBlob s1 = sink.putBlob(new BlobWrite(smallDesc.mediaType(), null, -1, out -> out.write(smallGz)));
            assertEquals(smallDesc.digest(), s1.digest());
            sink.putBlob(new BlobWrite(bigDesc.mediaType(), bigDesc.digest(), bigDesc.size(), out -> out.write(bigGz)));
            sink.putBlob(new BlobWrite(configDesc.mediaType(), configDesc.digest(), configDesc.size(), out -> out.write(config)));
            assertTrue(sink.hasBlob(bigDesc.digest(), bigDesc.size()));
            sink.putManifest(manifestDoc);
            sink.addImage(manifestDoc.descriptor(), List.of("extra", "docker.io/library/ignored:x"));
            assertEquals(List.of("v1", "extra"), sink.pendingTags());
            sink.commit();
        }

        try (RegistrySource source = RegistrySource.open(ref, RegistryOptions.defaults())) {
            List<SourceEntry> entries = source.entries();
            assertEquals(1, entries.size());
            assertEquals(manifestDoc.digest(), entries.get(0).root().digest());
            assertEquals(List.of(ref.toString()), entries.get(0).names());
            ManifestNode node = (ManifestNode) source.resolve(entries.get(0).root());
            assertArrayEquals(manifestDoc.bytes(), node.manifestRaw().orElseThrow().bytes());
            assertArrayEquals(config, node.config().bytes());
            assertEquals(Digest.sha256(big), node.layers().get(1).diffId());
            try (InputStream in = source.openLayer(node.layers().get(1))) {
                assertArrayEquals(bigGz, in.readAllBytes());
            }
            assertEquals(List.of("extra", "v1"), source.client().tags("test/image").stream().sorted().toList());
            assertThrows(dev.ociconv.model.transport.BlobNotFoundException.class,
                    () -> source.openBlob(new Descriptor(MediaType.OCI_LAYER, Digest.sha256(new byte[]{9}), 1)).close());
        }

        // Same registry, other repository: mount instead of upload.
        try (RegistrySink other = RegistrySink.open(ImageReference.parse(registry.hostPort() + "/test/other:v1"),
                RegistryOptions.defaults())) {
            var here = java.util.Optional.of(new dev.ociconv.model.transport.BlobOrigin(registry.hostPort(), "test/image"));
            var elsewhere = java.util.Optional.of(new dev.ociconv.model.transport.BlobOrigin("other.example:5000", "test/image"));
            assertEquals(dev.ociconv.model.transport.BlobReuse.NONE, other.tryReuse(bigDesc.digest(), bigDesc.size(), elsewhere),
                    "another registry's repository is no mount source");
            assertFalse(other.hasBlob(bigDesc.digest(), bigDesc.size()));
            assertEquals(dev.ociconv.model.transport.BlobReuse.MOUNTED, other.tryReuse(bigDesc.digest(), bigDesc.size(), here));
            assertTrue(other.hasBlob(bigDesc.digest(), bigDesc.size()));
            assertEquals(dev.ociconv.model.transport.BlobReuse.PRESENT, other.tryReuse(bigDesc.digest(), bigDesc.size(), here));
        }
    }

    @Test
    void indexIsPushedAfterItsManifestsAndTaggedOnlyAtCommit() throws Exception {
        byte[] layer = gzip("x".getBytes(StandardCharsets.UTF_8));
        byte[] config = ("{\"architecture\":\"arm64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256("x".getBytes(StandardCharsets.UTF_8)) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDesc = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        Descriptor layerDesc = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length);
        RawDocument manifest = RawDocument.of(Json.write(new ImageManifest(2, MediaType.OCI_MANIFEST, null, configDesc,
                List.of(layerDesc), null, Map.of())), MediaType.OCI_MANIFEST);
        RawDocument index = RawDocument.of(Json.write(dev.ociconv.model.spec.ImageIndex.of(MediaType.OCI_INDEX,
                List.of(manifest.descriptor().withPlatform(new dev.ociconv.model.spec.Platform("arm64", "linux", null, null, null))))),
                MediaType.OCI_INDEX);
        ImageReference ref = ImageReference.parse(registry.hostPort() + "/test/multi:latest");
        try (RegistrySink sink = RegistrySink.open(ref, RegistryOptions.defaults())) {
            sink.putBlob(new BlobWrite(layerDesc.mediaType(), layerDesc.digest(), layerDesc.size(), out -> out.write(layer)));
            sink.putBlob(new BlobWrite(configDesc.mediaType(), configDesc.digest(), configDesc.size(), out -> out.write(config)));
            sink.putManifest(manifest);
            sink.putManifest(index);
            sink.addImage(index.descriptor(), List.of());
            // closed without commit: the tag must not exist
        }
        try (RegistrySource source = RegistrySource.open(ref, RegistryOptions.defaults())) {
            assertEquals(404, assertThrows(RegistryException.class, source::entries).status());
        }
        try (RegistrySink sink = RegistrySink.open(ref, RegistryOptions.defaults())) {
            sink.addImage(index.descriptor(), List.of());
            sink.commit();
        }
        try (RegistrySource source = RegistrySource.open(ref, RegistryOptions.defaults())) {
            Descriptor root = source.entries().get(0).root();
            assertEquals(index.digest(), root.digest());
            var node = (dev.ociconv.model.transport.IndexNode) source.resolve(root);
            Descriptor child = node.index().manifests().get(0);
            assertEquals("arm64", child.platform().architecture());
            ManifestNode m = (ManifestNode) source.resolve(child);
            assertArrayEquals(config, m.config().bytes());
        }
    }

    @Test
    void missingTagIsARegistryErrorWithTheSpecCode() throws Exception {
        ImageReference ref = ImageReference.parse(registry.hostPort() + "/test/nothing:v9");
        try (RegistrySource source = RegistrySource.open(ref, RegistryOptions.defaults())) {
            RegistryException e = assertThrows(RegistryException.class, source::entries);
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("NAME_UNKNOWN") || e.getMessage().contains("MANIFEST_UNKNOWN"), e.getMessage());
        }
    }
}
