package dev.ociconv.it.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The input shapes of issue 2 through the CLI: multi-image archives (all, by name, by {@code @N}),
 * a containerd export's sparse index and {@code --platform}, whole-archive compression and
 * standard input, and writing into a layout that already holds images.
 */
class InputsIT {
    private static final String TEST_LINK = "legacy-multiimage-symlinked-layer/test_link.tar";
    private static final String IMAGE_1 = "sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e";
    private static final String IMAGE_3 = "sha256:d4c9adacde69c3d92446e0484cea29493e9fd573cf0c8febfc700d80c46697a4";

    @TempDir
    Path tmp;

    @Test
    void multiImageArchiveGoesIntoOneLayoutWithSharedBlobsOnce() throws Exception {
        Path out = tmp.resolve("out");
        Cli.run("convert", Samples.sample(TEST_LINK).toString(), out.toString()).ok();
        List<JsonNode> entries = Peers.verifyLayout(out, tmp);
        assertEquals(2, entries.size());
        assertEquals(Set.of(IMAGE_1, IMAGE_3), new TreeSet<>(Peers.configDigests(out)));
        // test_image_3's layer.tar is a symlink to test_image_1's: 2 distinct layers, 2 configs, 2 manifests
        try (Stream<Path> blobs = Files.list(out.resolve("blobs/sha256"))) {
            assertEquals(6, blobs.count(), "every blob once");
        }
        List<String> refs = new ArrayList<>();
        entries.forEach(e -> refs.add(e.path("annotations").path("io.containerd.image.name").asText()));
        assertEquals(List.of("docker.io/bazel/v1/tarball:test_image_1", "docker.io/bazel/v1/tarball:test_image_3"), refs);
    }

    @ParameterizedTest
    @CsvSource({
            "bazel/v1/tarball:test_image_3, " + IMAGE_3,
            "@0, " + IMAGE_1,
            "@1, " + IMAGE_3})
    void imageSelectsOne(String selector, String configDigest) throws Exception {
        Path out = tmp.resolve("out");
        Cli.run("convert", "--image", selector, Samples.sample(TEST_LINK).toString(), out.toString()).ok();
        assertEquals(1, Peers.verifyLayout(out, tmp).size());
        assertEquals(List.of(configDigest), Peers.configDigests(out));
    }

    @Test
    void unknownImageSelectorIsAClearError() {
        Path out = tmp.resolve("out");
        Cli.run("convert", "--image", "@5", Samples.sample(TEST_LINK).toString(), out.toString()).failsWith("@5");
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux/amd64"})
    void containerdSparseIndexConvertsThePresentPlatform(String platform) throws Exception {
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("convert"));
        if (!platform.isEmpty()) {
            args.addAll(List.of("--platform", platform));
        }
        args.addAll(List.of(Samples.sample("containerd-export-hello-world-multiarch-index/hello-world.tar").toString(),
                out.toString()));
        Cli.run(args.toArray(String[]::new)).ok();
        Peers.verifyLayout(out, tmp);
        assertEquals(List.of("sha256:feb5d9fea6a5e9606aa995e879d862b825965ba48de054caab5ef356dc6b3412"), Peers.configDigests(out));
    }

    @Test
    void containerdSparseIndexWithAnAbsentPlatformIsAClearError() {
        Path out = tmp.resolve("out");
        Cli.run("convert", "--platform", "linux/arm64",
                Samples.sample("containerd-export-hello-world-multiarch-index/hello-world.tar").toString(), out.toString())
                .failsWith("no image for platform linux/arm64");
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @CsvSource({
            "legacy-alpine310-gzipped-archive/alpine-310.tar.gz, file",
            "legacy-alpine310-gzipped-archive/alpine-310.tar.gz, stdin",
            "podman-e2e-docker-archives-xz/docker-two-images.tar.xz, file",
            "podman-e2e-docker-archives-xz/docker-two-images.tar.xz, stdin",
            "legacy-busybox-docker19/busybox-docker.tar, stdin"})
    void compressedArchivesAndStandardInput(String sample, String how) throws Exception {
        Path in = Samples.sample(sample);
        Path out = tmp.resolve("out");
        if (how.equals("stdin")) {
            try (InputStream stdin = Files.newInputStream(in)) {
                Cli.runWithStdin(stdin, "convert", "-", out.toString()).ok();
            }
        } else {
            Cli.run("convert", in.toString(), out.toString()).ok();
        }
        Peers.verifyLayout(out, tmp);
        assertEquals(SamplesMatrixIT.dockerImageIds(in), new TreeSet<>(Peers.configDigests(out)));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("out") && !n.startsWith("view-") && !n.startsWith("skopeo-")).toList(),
                    "nothing else left beside the target");
        }
    }

    @Test
    void writingIntoAnExistingLayoutAddsWithoutBreakingIt() throws Exception {
        Path out = tmp.resolve("out");
        Cli.run("convert", Samples.sample("legacy-almostempty-docker113/almostempty.tar").toString(), out.toString()).ok();
        Cli.run("convert", Samples.sample("legacy-busybox-docker19/busybox-docker.tar").toString(), out.toString()).ok();
        Cli.run("copy", "docker-archive:" + Samples.sample(TEST_LINK) + ":@1", "oci:" + out + ":image3").ok();
        List<JsonNode> entries = Peers.verifyLayout(out, tmp);
        assertEquals(3, entries.size());
        assertEquals(List.of("sha256:9d7f147c0d0c4d4538a04c7ef385809e56eb1aac7bf800fbe976612188025b68",
                "sha256:db8ee88ad75f6bdc74663f4992a185e2722fa29573abcc1a19186cc5ec09dceb", IMAGE_3), Peers.configDigests(out));
        // skopeo reads the named refs as a user would name them
        Peers.ok(tmp, "skopeo", "--insecure-policy", "inspect", "oci:" + out + ":image3");
    }
}
