package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.ArchiveManifestEntry;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.transport.BlobWrite;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The byte-exact proof: every legacy archive in the samples that Docker wrote is taken apart,
 * its images are fed through the sink's SPI as the copier would (layers with their diffIDs,
 * config, a schema2 manifest, tags), and the archive the sink writes must equal the original
 * byte for byte — entry order, headers, v1 directories, json, manifest.json, repositories.
 *
 * <p>What the SPI cannot carry is given as the annotations a reader of the archive sets: the time of saving (the mtime of
 * the entries Docker does not date, seen on symlinked layers), the daemon's zone (read from the
 * intermediate layers' v1 json), the tar mode type bits of Docker up to 22.06, and each image's
 * {@code Parent} (an annotation the reading side sets).
 */
class DockerArchiveSinkSamplesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("dev.ociconv.converter.testkit.Samples#dockerWrittenLegacy")
    void rewritesDockerSamplesByteForByte(String sample) throws Exception {
        Path source = SavedArchiveV1Reader.samplesRoot().resolve(sample);
        assumeTrue(Files.isRegularFile(source), "samples corpus not found at " + SavedArchiveV1Reader.samplesRoot());
        Path original = plainTar(source);
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(original);

        Path out = tmp.resolve("out.tar");
        try (DockerArchiveSink sink = DockerArchiveSink.legacy(out, DockerArchiveSink.Options.defaults())) {
            feed(in, sink, dockerContext(in));
            sink.commit();
        }
        byte[] expected = Files.readAllBytes(original);
        byte[] actual = Files.readAllBytes(out);
        if (!java.util.Arrays.equals(expected, actual)) {
            SavedArchiveV1Reader written = new SavedArchiveV1Reader(out);
            assertEquals(List.copyOf(in.entries.values()), List.copyOf(written.entries.values()), sample + ": entries");
            for (String name : in.entries.keySet()) {
                if (!in.entries.get(name).dir() && !in.entries.get(name).symlink()) {
                    assertArrayEquals(in.read(name), written.read(name), sample + ": " + name);
                }
            }
        }
        assertArrayEquals(expected, actual, sample + ": archive bytes");
    }

    /**
     * The same proof through the copier, which lets the sink write a single image's archive
     * straight, layer by layer (see {@link DirectSaveTar}); multi-image archives take the
     * staged path. Either way: Docker's bytes.
     */
    @ParameterizedTest
    @MethodSource("dev.ociconv.converter.testkit.Samples#dockerWrittenLegacy")
    void copiesDockerSamplesByteForByte(String sample) throws Exception {
        Path source = SavedArchiveV1Reader.samplesRoot().resolve(sample);
        assumeTrue(Files.isRegularFile(source), "samples corpus not found at " + SavedArchiveV1Reader.samplesRoot());
        Path original = plainTar(source);
        Path out = tmp.resolve("copied.tar");
        dev.ociconv.converter.Ociconv.copy("docker-archive:" + original, "docker-archive:" + out,
                dev.ociconv.converter.copy.CopyOptions.defaults());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(out), sample + ": archive bytes");
    }

    /**
     * Docker 25's form, against the one Docker 25.0 archive of the samples (untagged, so
     * {@code "manifests":null} and {@code "RepoTags":null}); the time of saving is its
     * {@code index.json}'s mtime.
     */
    @org.junit.jupiter.api.Test
    void rewritesTheDocker25SampleByteForByte() throws Exception {
        Path original = SavedArchiveV1Reader.samplesRoot().resolve("docker25-hello-world/hello-world-v25.tar");
        assumeTrue(Files.isRegularFile(original), "samples corpus not found at " + SavedArchiveV1Reader.samplesRoot());
        SavedArchiveV1Reader in = new SavedArchiveV1Reader(original);
        long saved = in.entries.get("index.json").mtime();
        Path out = tmp.resolve("out25.tar");
        try (DockerArchiveSink sink = DockerArchiveSink.docker25(out, DockerArchiveSink.Options.defaults()
                .withClock(Clock.fixed(Instant.ofEpochSecond(saved), ZoneOffset.UTC)))) {
            feed(in, sink, Map.of());
            sink.commit();
        }
        SavedArchiveV1Reader written = new SavedArchiveV1Reader(out);
        assertEquals(List.copyOf(in.entries.values()), List.copyOf(written.entries.values()), "entries");
        for (String name : in.entries.keySet()) {
            if (!in.entries.get(name).dir()) {
                assertArrayEquals(in.read(name), written.read(name), name);
            }
        }
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(out), "archive bytes");
    }

    /** Feeds every image of a docker save archive through the SPI, in manifest.json order. */
    static void feed(SavedArchiveV1Reader in, DockerArchiveSink sink, Map<String, String> context) throws Exception {
        for (ArchiveManifestEntry item : ArchiveManifestEntry.parseList(in.read("manifest.json"), "manifest.json")) {
            byte[] config = in.read(item.config());
            List<Digest> diffIds = ImageConfig.parse(config, item.config()).diffIds();
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                byte[] layer = in.read(item.layers().get(i));
                var stored = sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER, diffIds.get(i), layer.length, o -> o.write(layer)));
                layers.add(new Descriptor(MediaType.DOCKER_LAYER, stored.digest(), stored.size()));
            }
            var configBlob = sink.putBlob(new BlobWrite(MediaType.DOCKER_CONFIG, null, -1, o -> o.write(config)));
            Map<String, String> annotations = new LinkedHashMap<>(context);
            if (item.parent() != null) {
                annotations.put(DockerArchiveSink.PARENT_ANNOTATION, item.parent());
            }
            epochZone(in, item).ifPresent(z -> annotations.put(LegacyIds.TIMEZONE_ANNOTATION, LegacyIds.zoneAnnotation(z)));
            ImageManifest manifest = new ImageManifest(2, MediaType.DOCKER_MANIFEST, null,
                    new Descriptor(MediaType.DOCKER_CONFIG, configBlob.digest(), configBlob.size()), layers, null, annotations);
            RawDocument doc = RawDocument.of(Json.write(manifest), MediaType.DOCKER_MANIFEST);
            sink.putManifest(doc);
            sink.addImage(doc.descriptor(), item.repoTags());
        }
    }

    /** The zone of the daemon that saved the archive, from the layers below an image's top. */
    static Optional<ZoneOffset> epochZone(SavedArchiveV1Reader in, ArchiveManifestEntry item) throws Exception {
        for (int i = 0; i < item.layers().size() - 1; i++) {
            String dir = item.layers().get(i).substring(0, item.layers().get(i).indexOf('/'));
            Optional<ZoneOffset> z = LegacyIds.epochZone(in.read(dir + "/json"));
            if (z.isPresent()) {
                return z;
            }
        }
        return Optional.empty();
    }

    /**
     * What the SPI does not carry, as the annotations a reader sets: when Docker saved (the
     * symlinks' mtime) and whether its tar modes have type bits.
     */
    static Map<String, String> dockerContext(SavedArchiveV1Reader in) {
        Map<String, String> context = new LinkedHashMap<>();
        in.entries.values().stream().filter(SavedArchiveV1Reader.Entry::symlink).findFirst().ifPresent(e ->
                context.put(DockerArchiveSink.SAVED_AT_ANNOTATION, Instant.ofEpochSecond(e.mtime()).toString()));
        boolean typeBits = in.entries.values().stream().anyMatch(e -> (e.mode() & 0170000) != 0);
        context.put(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION, Boolean.toString(typeBits));
        return context;
    }

    private Path plainTar(Path source) throws Exception {
        if (!source.toString().endsWith(".xz")) {
            return source;
        }
        Path plain = tmp.resolve(source.getFileName().toString().replace(".xz", ""));
        try (InputStream xz = new XZCompressorInputStream(Files.newInputStream(source))) {
            Files.copy(xz, plain);
        }
        return plain;
    }

}
