package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.spec.Repositories;
import dev.ociconv.model.transport.BlobWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerArchiveSinkTest {

    @TempDir
    Path tmp;

    private final byte[] base = layer("base");
    private final byte[] top = layer("top");

    private static byte[] layer(String s) {
        try {
            return SinkTestImages.layer(s + ".txt", s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private DockerArchiveSink legacy(Path out) throws IOException {
        return DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults());
    }

    @Test
    void declaresWhatDockerSaveCanHold() throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            assertEquals(List.of(MediaType.DOCKER_MANIFEST, MediaType.OCI_MANIFEST), sink.capabilities().manifestTypes());
            assertFalse(sink.capabilities().acceptsIndexes());
            assertEquals(Optional.of(Compression.NONE), sink.capabilities().requiredLayerCompression());
            assertEquals(Optional.empty(), sink.capabilities().defaultLayerCompression());
            assertTrue(sink.capabilities().authorsDockerManifests());
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        Path out = tmp.resolve("o.tar");
        try (DockerArchiveSink sink = legacy(out)) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("a:1"));
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void commitReplacesTheTargetAndCleansUp() throws IOException {
        Path out = tmp.resolve("o.tar");
        Files.writeString(out, "old");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> legacy(out), "refused without --force");
        assertEquals("old", Files.readString(out));
        try (DockerArchiveSink sink = DockerArchiveSink.legacy(dev.ociconv.converter.io.ArchiveOutput.file(out, true),
                DockerArchiveSink.Options.defaults())) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("a:1"));
            sink.commit();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(out), left.toList());
        }
        assertTrue(Files.size(out) > 1024);
    }

    @Test
    void aBlobWithTheWrongDigestIsRefusedAndNotKept() throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            Digest wrong = Digest.sha256(top);
            assertThrows(DigestMismatchException.class,
                    () -> sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER, wrong, -1, o -> o.write(base))));
            assertThrows(DigestMismatchException.class,
                    () -> sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER, null, 3, o -> o.write(base))));
            assertFalse(sink.hasBlob(Digest.sha256(base), -1));
            sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER, Digest.sha256(base), base.length, o -> o.write(base)));
            assertTrue(sink.hasBlob(Digest.sha256(base), base.length));
            assertFalse(sink.hasBlob(Digest.sha256(base), base.length + 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"untagged", "Bad:Name", "a:b:c"})
    void namesThatAreNotTaggedReferencesAreErrorsNamingThem(String name) throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            IOException e = assertThrows(IOException.class, () -> SinkTestImages.feed(sink,
                    SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null, Map.of(), List.of(name)));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
    }

    @Test
    void digestReferencesAreSkippedAndTagsAreFamiliar() throws Exception {
        Path out = tmp.resolve("o.tar");
        try (DockerArchiveSink sink = legacy(out)) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("docker.io/library/busybox:1", "busybox@sha256:" + "a".repeat(64), "busybox:1",
                            "localhost:5000/x/y:2"));
            sink.commit();
        }
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(out);
        ArchiveManifestEntry item = ArchiveManifestEntry.parseList(in.read("manifest.json"), "m").get(0);
        assertEquals(List.of("busybox:1", "localhost:5000/x/y:2"), item.repoTags());
        Repositories repos = Repositories.parse(in.read("repositories"), "r");
        assertEquals(List.of("busybox", "localhost:5000/x/y"), List.copyOf(repos.asMap().keySet()));
        assertTrue(new String(in.read("manifest.json"), StandardCharsets.UTF_8).endsWith("]\n"));
    }

    @Test
    void oneTagOnTwoImagesIsAnError() throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("a:1"));
            IOException e = assertThrows(IOException.class, () -> SinkTestImages.feed(sink,
                    SinkTestImages.config(List.of(top), "2024-01-01T00:00:00Z", ""), List.of(top), null, Map.of(), List.of("a:1")));
            assertTrue(e.getMessage().contains("tag a:1 already names image"), e.getMessage());
        }
    }

    @Test
    void nothingAddedIsAnError() throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            assertThrows(IOException.class, sink::commit);
        }
        assertFalse(Files.exists(tmp.resolve("o.tar")));
    }

    @Test
    void anIndexIsRefused() throws IOException {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            byte[] index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            IOException e = assertThrows(IOException.class, () -> sink.putManifest(RawDocument.of(index, MediaType.OCI_INDEX)));
            assertTrue(e.getMessage().contains("single-platform"), e.getMessage());
            assertThrows(IOException.class, () -> sink.addImage(
                    new Descriptor(MediaType.OCI_INDEX, Digest.sha256(index), index.length), List.of()));
        }
    }

    @Test
    void aCompressedLayerIsRefusedAtCommit() throws Exception {
        try (DockerArchiveSink sink = legacy(tmp.resolve("o.tar"))) {
            byte[] config = SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", "");
            byte[] notTheDiffId = top;
            sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER_GZIP, null, -1, o -> o.write(notTheDiffId)));
            Descriptor gz = new Descriptor(MediaType.DOCKER_LAYER_GZIP, Digest.sha256(notTheDiffId), notTheDiffId.length);
            sink.putBlob(new BlobWrite(MediaType.DOCKER_CONFIG, null, -1, o -> o.write(config)));
            var m = new dev.ociconv.model.spec.ImageManifest(2, MediaType.DOCKER_MANIFEST, null,
                    new Descriptor(MediaType.DOCKER_CONFIG, Digest.sha256(config), config.length), List.of(gz), null, null);
            RawDocument doc = RawDocument.of(Json.write(m), MediaType.DOCKER_MANIFEST);
            sink.putManifest(doc);
            sink.addImage(doc.descriptor(), List.of("a:1"));
            IOException e = assertThrows(IOException.class, sink::commit);
            assertTrue(e.getMessage().contains("uncompressed"), e.getMessage());
        }
    }

    @Test
    void sharedLayersAreWrittenOnceAndRepeatedDiffIdsAreSymlinked() throws Exception {
        Path out = tmp.resolve("o.tar");
        try (DockerArchiveSink sink = legacy(out)) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", ""), List.of(base), null,
                    Map.of(), List.of("a:1"));
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", ""), List.of(base, top),
                    null, Map.of(), List.of("a:2"));
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base, top), "2024-01-03T00:00:00Z", ""), List.of(base, top),
                    null, Map.of(), List.of("a:3"));
            sink.commit();
        }
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(out);
        List<ArchiveManifestEntry> items = ArchiveManifestEntry.parseList(in.read("manifest.json"), "m");
        assertEquals(3, items.size());
        // images 2 and 3 share their bottom v1 layer; image 1's top has the same diffID under another v1 id
        assertEquals(items.get(1).layers().get(0), items.get(2).layers().get(0));
        SavedArchiveV1Reader.Entry link = in.entries.get(items.get(1).layers().get(0));
        assertTrue(link.symlink());
        assertEquals("../" + items.get(0).layers().get(0), link.link());
        assertTrue(in.entries.get(items.get(2).layers().get(1)).symlink());
        long realLayers = in.entries.values().stream().filter(e -> e.name().endsWith("layer.tar") && !e.symlink()).count();
        assertEquals(2, realLayers);
    }

    @Test
    void parentIsWrittenOnlyWhenTheParentIsSavedToo() throws Exception {
        byte[] parentConfig = SinkTestImages.config(List.of(base), "2024-01-01T00:00:00Z", "");
        Map<String, String> child = Map.of(DockerArchiveSink.PARENT_ANNOTATION, Digest.sha256(parentConfig).toString());
        Path both = tmp.resolve("both.tar");
        try (DockerArchiveSink sink = legacy(both)) {
            SinkTestImages.feed(sink, parentConfig, List.of(base), null, Map.of(), List.of("a:1"));
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", ""),
                    List.of(base, top), null, child, List.of("a:2"));
            sink.commit();
        }
        List<ArchiveManifestEntry> items = ArchiveManifestEntry.parseList(new SavedArchiveV1Reader(both).read("manifest.json"), "m");
        assertEquals(Digest.sha256(parentConfig).toString(), items.get(1).parent());
        Path alone = tmp.resolve("alone.tar");
        try (DockerArchiveSink sink = legacy(alone)) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", ""),
                    List.of(base, top), null, child, List.of("a:2"));
            sink.commit();
        }
        assertEquals(null, ArchiveManifestEntry.parseList(new SavedArchiveV1Reader(alone).read("manifest.json"), "m").get(0).parent());
    }

    @Test
    void theZoneAnnotationChangesTheIntermediateV1IdsAndOptionsOverrideIt() throws Exception {
        byte[] config = SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", "");
        Map<String, String> berlin = Map.of(LegacyIds.TIMEZONE_ANNOTATION, "+01:00");
        List<String> utc = layersOf(tmp.resolve("utc.tar"), config, Map.of(), DockerArchiveSink.Options.defaults());
        List<String> annotated = layersOf(tmp.resolve("cet.tar"), config, berlin, DockerArchiveSink.Options.defaults());
        List<String> forced = layersOf(tmp.resolve("f.tar"), config, berlin, DockerArchiveSink.Options.defaults().withZone(ZoneOffset.UTC));
        assertFalse(utc.get(0).equals(annotated.get(0)));
        assertEquals(utc, forced);
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(tmp.resolve("cet.tar"));
        String bottom = annotated.get(0).substring(0, 64);
        assertEquals(Optional.of(ZoneOffset.ofHours(1)), LegacyIds.epochZone(in.read(bottom + "/json")));
    }

    private List<String> layersOf(Path out, byte[] config, Map<String, String> annotations, DockerArchiveSink.Options options)
            throws Exception {
        try (DockerArchiveSink sink = DockerArchiveSink.legacy(out, options)) {
            SinkTestImages.feed(sink, config, List.of(base, top), null, annotations, List.of("a:1"));
            sink.commit();
        }
        return ArchiveManifestEntry.parseList(new SavedArchiveV1Reader(out).read("manifest.json"), "m").get(0).layers();
    }

    @Test
    void foreignLayersGoToLayerSourcesAndMayBeAbsent() throws Exception {
        Digest foreignDigest = Digest.sha256("compressed".getBytes(StandardCharsets.UTF_8));
        Descriptor foreign = new Descriptor(MediaType.DOCKER_FOREIGN_LAYER, foreignDigest, 1234,
                List.of("https://example.com/l?a=1&b=2"), null, null, null, null);
        byte[] config = SinkTestImages.config(List.of(base, top), "2024-01-02T00:00:00Z", "");
        List<byte[]> layers = new ArrayList<>();
        layers.add(null);
        layers.add(top);
        List<Descriptor> types = new ArrayList<>();
        types.add(foreign);
        types.add(null);
        Path out = tmp.resolve("f.tar");
        try (DockerArchiveSink sink = legacy(out)) {
            SinkTestImages.feed(sink, config, layers, types, Map.of(), List.of("win:1"));
            sink.commit();
        }
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(out);
        String manifest = new String(in.read("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"LayerSources\":{\"" + Digest.sha256(base) + "\":{\"mediaType\":\""
                + MediaType.DOCKER_FOREIGN_LAYER + "\",\"size\":1234,\"digest\":\"" + foreignDigest
                + "\",\"urls\":[\"https://example.com/l?a=1\\u0026b=2\"]}}"), manifest);
        ArchiveManifestEntry item = ArchiveManifestEntry.parseList(in.read("manifest.json"), "m").get(0);
        assertFalse(in.entries.containsKey(item.layers().get(0)), "the absent foreign layer has no file");
        assertTrue(in.entries.containsKey(item.layers().get(1)));
    }

    @Test
    void aZeroLayerImageIsSavedWithNullLayersAndNoRepositoriesLine() throws Exception {
        Path out = tmp.resolve("z.tar");
        try (DockerArchiveSink sink = legacy(out)) {
            SinkTestImages.feed(sink, SinkTestImages.config(List.of(), "2024-01-01T00:00:00Z", ""), List.of(), null,
                    Map.of(), List.of("empty:1"));
            sink.commit();
        }
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(out);
        assertTrue(new String(in.read("manifest.json"), StandardCharsets.UTF_8).contains("\"RepoTags\":[\"empty:1\"],\"Layers\":null}"));
        assertFalse(in.entries.containsKey("repositories"));
    }
}
