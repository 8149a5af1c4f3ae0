package dev.ociconv.converter.ocilayout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import dev.ociconv.model.transport.StoredBlob;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciLayoutSinkTest {
    @TempDir
    Path tmp;

    @Test
    void writesALayoutThatReadsBack() throws IOException {
        Path dir = tmp.resolve("out");
        TestImages.TestImage img = TestImages.make("hello");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            img.writeTo(sink, List.of("busybox:1.36", "plain-name"));
            assertFalse(Files.exists(dir), "nothing visible before commit");
            sink.commit();
        }
        assertEquals(List.of("out"), list(tmp), "no temp files left beside the layout");
        checkSpecRules(dir);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(dir.resolve("oci-layout")));
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            List<SourceEntry> entries = src.entries();
            assertEquals(2, entries.size());
            assertEquals(List.of("docker.io/library/busybox:1.36"), entries.get(0).names());
            assertEquals("1.36", entries.get(0).root().annotation(Annotations.REF_NAME));
            assertEquals(List.of("plain-name"), entries.get(1).names());
            assertNull(entries.get(1).root().annotation(Annotations.CONTAINERD_IMAGE_NAME));
            ManifestNode m = assertInstanceOf(ManifestNode.class, src.resolve(entries.get(0).root()));
            assertArrayEquals(img.manifest().bytes(), m.manifestRaw().orElseThrow().bytes());
            assertArrayEquals(img.config(), m.config().bytes());
            OciLayoutSourceSamplesTest.drainAndCheckDiffIds(src, m);
        }
    }

    @Test
    void unnamedImageRootAnnotationsAndPlatformAreKept() throws IOException {
        Path dir = tmp.resolve("out");
        TestImages.TestImage img = TestImages.make("x");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            img.writeTo(sink, List.of());
            Descriptor root = img.root().withPlatform(new Platform("linux", "amd64", null))
                    .withAnnotations(Map.of(Annotations.CREATED, "2020-01-01T00:00:00Z", Annotations.REF_NAME, "from-source"));
            sink.addImage(root, List.of());
            sink.commit();
        }
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            assertEquals(1, src.entries().size(), "one unnamed entry per digest");
            Descriptor e = src.entries().get(0).root();
            assertEquals(List.of(), src.entries().get(0).names());
            assertEquals(Map.of(Annotations.CREATED, "2020-01-01T00:00:00Z"), e.annotations());
            assertEquals("linux/amd64", e.platform().toString());
        }
    }

    @Test
    void closeWithoutCommitLeavesNoTrace() throws IOException {
        Path dir = tmp.resolve("out");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            TestImages.make("x").writeTo(sink, List.of("a"));
        }
        assertEquals(List.of(), list(tmp));
        Path tar = tmp.resolve("out.tar");
        try (OciLayoutSink sink = OciLayoutSink.archive(tar)) {
            TestImages.make("x").writeTo(sink, List.of("a"));
        }
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void addsToAnExistingLayoutReplacingSameName() throws IOException {
        Path dir = tmp.resolve("out");
        TestImages.TestImage a = TestImages.make("a");
        TestImages.TestImage b = TestImages.make("bb");
        TestImages.TestImage c = TestImages.make("ccc");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            a.writeTo(sink, List.of("first", "example.com/app:v1"));
            sink.commit();
        }
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            assertTrue(sink.hasBlob(a.layerDescriptor().digest(), a.layer().length));
            assertFalse(sink.hasBlob(a.layerDescriptor().digest(), a.layer().length + 1));
            b.writeTo(sink, List.of("second"));
            c.writeTo(sink, List.of("example.com/app:v1"));
            sink.commit();
        }
        checkSpecRules(dir);
        try (OciLayoutSource src = OciLayoutSource.openDirectory(dir, Limits.DEFAULT)) {
            List<String> got = new ArrayList<>();
            for (SourceEntry e : src.entries()) {
                got.add(e.names() + "=" + e.root().digest());
                OciLayoutSourceSamplesTest.drainAndCheckDiffIds(src, (ManifestNode) src.resolve(e.root()));
            }
            assertEquals(List.of("[first]=" + a.root().digest(), "[second]=" + b.root().digest(),
                    "[example.com/app:v1]=" + c.root().digest()), got);
        }
    }

    @Test
    void failedWriteLeavesAnExistingLayoutAsItWas() throws IOException {
        Path dir = tmp.resolve("out");
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            TestImages.make("a").writeTo(sink, List.of("a"));
            sink.commit();
        }
        Map<String, String> before = snapshot(dir);
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            TestImages.TestImage b = TestImages.make("b");
            sink.putBlob(new BlobWrite(MediaType.OCI_LAYER_GZIP, null, -1, out -> out.write(b.layer())));
            byte[] bytes = "not what was promised".getBytes(StandardCharsets.UTF_8);
            Digest promised = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
            DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> sink.putBlob(
                    new BlobWrite(MediaType.OCI_CONFIG, promised, bytes.length, out -> out.write(bytes))));
            assertTrue(e.getMessage().contains("expected " + promised), e.getMessage());
            assertThrows(DigestMismatchException.class, () -> sink.putBlob(
                    new BlobWrite(MediaType.OCI_CONFIG, Digest.sha256(bytes), bytes.length + 1, out -> out.write(bytes))));
        }
        assertEquals(before, snapshot(dir), "an aborted sink removes what it added and touches nothing else");
    }

    @Test
    void contentThatVerifiesItselfIsTakenAtItsWordButStillCountedAndAFailureKeepsNothing() throws IOException {
        Path dir = tmp.resolve("out");
        byte[] bytes = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest claimed = Digest.sha256("the digest a source verified".getBytes(StandardCharsets.UTF_8));
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            // Not hashed again: the blob is filed under the digest its content vouched for.
            StoredBlob stored = sink.putBlob(BlobWrite.verified(MediaType.OCI_LAYER, claimed, bytes.length,
                    out -> out.write(bytes)));
            assertEquals(new StoredBlob(claimed, bytes.length), stored);
            // The size is still checked.
            assertThrows(DigestMismatchException.class, () -> sink.putBlob(BlobWrite.verified(MediaType.OCI_LAYER,
                    Digest.sha256(bytes), bytes.length + 1, out -> out.write(bytes))));
            // A content that fails its own check half way leaves no blob and no temp file.
            Digest other = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
            assertThrows(DigestMismatchException.class, () -> sink.putBlob(BlobWrite.verified(MediaType.OCI_LAYER,
                    other, -1, out -> {
                        out.write(bytes);
                        throw new DigestMismatchException("source: digest mismatch");
                    })));
            assertFalse(Files.exists(dir.resolve("blobs/sha256/" + other.hex())));
        }
        assertFalse(Files.exists(dir), "nothing committed, nothing left");
    }

    @Test
    void putBlobIsThreadSafeAndIdempotent() throws Exception {
        Path dir = tmp.resolve("out");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OciLayoutSink sink = OciLayoutSink.directory(dir)) {
            List<Future<StoredBlob>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] data = ("blob " + (i % 8)).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> sink.putBlob(
                        new BlobWrite(MediaType.OCI_LAYER, null, -1, out -> out.write(data)))));
            }
            for (int i = 0; i < 32; i++) {
                StoredBlob s = results.get(i).get();
                assertEquals(Digest.sha256(("blob " + (i % 8)).getBytes(StandardCharsets.UTF_8)), s.digest());
                assertTrue(sink.hasBlob(s.digest(), s.size()));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void archiveIsDeterministicAndReadsBack() throws IOException {
        Path tar = tmp.resolve("img.tar");
        Files.writeString(tar, "an old file that is replaced");
        TestImages.TestImage img = TestImages.make("archived");
        for (int round = 0; round < 2; round++) {
            Path target = round == 0 ? tar : tmp.resolve("again.tar");
            try (OciLayoutSink sink = OciLayoutSink.archive(dev.ociconv.converter.io.ArchiveOutput.file(target, true))) {
                img.writeTo(sink, List.of("app:1"));
                sink.commit();
            }
        }
        assertArrayEquals(Files.readAllBytes(tar), Files.readAllBytes(tmp.resolve("again.tar")), "same input, same bytes");
        assertEquals(List.of("again.tar", "img.tar"), list(tmp));
        List<String> names = new ArrayList<>();
        try (TarFile t = new TarFile(tar)) {
            for (TarArchiveEntry e : t.getEntries()) {
                names.add(e.getName());
                assertEquals(0, e.getModTime().getTime());
                assertEquals(0, e.getLongUserId());
                assertEquals("", e.getUserName());
            }
        }
        assertEquals(List.of("oci-layout", "index.json", "blobs/", "blobs/sha256/"), names.subList(0, 4));
        assertEquals(7, names.size());
        try (OciLayoutSource src = OciLayoutSource.openArchive(tar, tmp, Limits.DEFAULT)) {
            SourceEntry e = src.entries().get(0);
            assertEquals(List.of("docker.io/library/app:1"), e.names());
            OciLayoutSourceSamplesTest.drainAndCheckDiffIds(src, (ManifestNode) src.resolve(e.root()));
        }
    }

    @Test
    void refusesADirectoryThatIsNotALayout() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("stuff"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> OciLayoutSink.directory(dir));
        assertTrue(e.getMessage().contains("not an OCI image layout"), e.getMessage());
    }

    @Test
    void addImageBeforeItsManifestIsAnError() throws IOException {
        try (OciLayoutSink sink = OciLayoutSink.directory(tmp.resolve("out"))) {
            assertThrows(IOException.class, () -> sink.addImage(TestImages.make("x").root(), List.of()));
        }
    }

    @Test
    void capabilities() throws IOException {
        try (OciLayoutSink sink = OciLayoutSink.directory(tmp.resolve("out"))) {
            assertEquals(List.of(MediaType.OCI_MANIFEST), sink.capabilities().manifestTypes());
            assertTrue(sink.capabilities().acceptsIndexes());
            assertEquals(Optional.empty(), sink.capabilities().requiredLayerCompression());
            assertEquals(Optional.empty(), sink.capabilities().defaultLayerCompression());
            assertFalse(sink.capabilities().authorsDockerManifests());
        }
    }

    /** image-spec rules, checked on the JSON as written: index.json and every manifest it names. */
    static void checkSpecRules(Path dir) throws IOException {
        JsonNode index = Json.parseTree(Files.readAllBytes(dir.resolve("index.json")), "index.json");
        assertEquals(2, index.get("schemaVersion").asInt());
        assertEquals(MediaType.OCI_INDEX.value(), index.get("mediaType").asText());
        for (JsonNode d : index.get("manifests")) {
            assertTrue(d.get("size").isIntegralNumber());
            Digest digest = Digest.parse(d.get("digest").asText());
            byte[] bytes = Files.readAllBytes(dir.resolve(LayoutStore.blobPath(digest)));
            assertEquals(digest, Digest.sha256(bytes));
            assertEquals(d.get("size").asLong(), bytes.length);
            JsonNode manifest = Json.parseTree(bytes, "manifest");
            assertEquals(2, manifest.get("schemaVersion").asInt());
            assertTrue(MediaType.of(d.get("mediaType").asText()).isManifest() || MediaType.of(d.get("mediaType").asText()).isIndex());
            if (manifest.has("mediaType")) { // only SHOULD in image-spec: copied documents may lack it
                assertEquals(d.get("mediaType").asText(), manifest.get("mediaType").asText());
            }
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(dir.relativize(p).toString(),
                        Files.isRegularFile(p) ? Digest.sha256(Files.readAllBytes(p)).toString() : "dir");
            }
        }
        return out;
    }
}
