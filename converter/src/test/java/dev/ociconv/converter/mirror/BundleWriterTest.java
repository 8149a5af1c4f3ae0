package dev.ociconv.converter.mirror;

import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.content.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundles of local sources, written, verified, damaged and verified again: no registry needed. */
class BundleWriterTest {
    private static final String BUSYBOX = "legacy-busybox-docker19/busybox-docker.tar";
    private static final String HELLO = "docker25-hello-world/hello-world-v25.tar";
    private static final String ATTESTED = "containerd-attestation-manifest/busybox-single-arch-with-attestation-manifest.tar";

    @TempDir
    Path tmp;

    /** The sources, each named in the bundle {@code r.io/test/N:1} (the Docker 25 sample has no name of its own). */
    private ImageList list(String... sources) throws IOException {
        StringBuilder b = new StringBuilder("images:\n");
        int n = 0;
        for (String s : sources) {
            b.append("  - name: ").append(s).append("\n    as: r.io/test/").append(n++).append(":1\n");
        }
        return ImageList.parse(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), "list.yaml");
    }

    private BundleWriter.Report write(ImageList list, BundleTarget target, boolean keepGoing, Optional<BundleWriter.Base> since)
            throws IOException {
        List<MirrorImage> images = TagExpansion.expand(list, (r, s) -> {
            throw new AssertionError("no registry here");
        });
        Transports.OpenContext ctx = Transports.OpenContext.defaults();
        ctx = new Transports.OpenContext(ctx.stdin(), ctx.stdout(), tmp.resolve("spool"), Limits.DEFAULT, ctx.registry(), false,
                ctx.dockerArchive());
        PlatformChoice platforms = PlatformChoice.AUTO; // as the CLI without --platform
        return BundleWriter.write(new BundleWriter.Request(images, target, CopyOptions.defaults(), platforms, true,
                keepGoing, since, ctx, MirrorListener.NONE));
    }

    private static List<String> verify(Path bundle, Optional<ImageList> list) throws IOException {
        List<String> problems = new ArrayList<>();
        try (OciLayoutSource s = Bundles.open(bundle.toString(), Transports.OpenContext.defaults())) {
            BundleVerifier.Result r = BundleVerifier.verify(s, list, problems::add);
            assertEquals(problems.size(), r.problems());
        }
        return problems;
    }

    private BundleTarget dir(String name) {
        return BundleTarget.parse(tmp.resolve(name).toString(), Optional.empty(), OptionalLong.empty(), false);
    }

    @Test
    void aBundleOfSeveralSourcesHoldsEachBlobOnceAndVerifies() throws IOException {
        ImageList list = list(Samples.sample(BUSYBOX).toString(), Samples.sample(HELLO).toString(), Samples.sample(ATTESTED).toString());
        BundleWriter.Report r = write(list, dir("bundle"), false, Optional.empty());
        Path bundle = tmp.resolve("bundle");
        assertFalse(Files.exists(tmp.resolve("bundle.partial")), "the staging layout became the bundle");
        assertEquals(List.of(), verify(bundle, Optional.of(list)));
        MirrorInventory inv = MirrorInventory.parse(Files.readAllBytes(bundle.resolve("mirror.json")), "mirror.json");
        assertEquals(3, inv.images().size(), inv.images().toString());
        try (Stream<Path> blobs = Files.list(bundle.resolve("blobs/sha256"))) {
            assertEquals(inv.blobs().size(), blobs.count(), "every blob stored is in the inventory, once");
        }
        assertTrue(r.summedBytes() >= r.bundleBytes());
        long documents = r.bundleBytes() - r.fetchedBytes();
        assertTrue(documents > 0 && documents < 16 * 1024, "a fresh bundle fetched every layer and config it holds: " + documents);
    }

    @Test
    void verifyNamesEachProblem() throws IOException {
        ImageList list = list(Samples.sample(BUSYBOX).toString(), Samples.sample(HELLO).toString());
        write(list, dir("b"), false, Optional.empty());
        Path bundle = tmp.resolve("b");
        MirrorInventory inv = MirrorInventory.parse(Files.readAllBytes(bundle.resolve("mirror.json")), "mirror.json");
        MirrorInventory.Blob biggest = inv.blobs().stream().max(java.util.Comparator.comparingLong(MirrorInventory.Blob::size)).orElseThrow();
        Path file = bundle.resolve("blobs/sha256/" + biggest.digest().hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Files.write(bundle.resolve("blobs/sha256/" + "ab".repeat(32)), new byte[] {1});
        List<String> problems = verify(bundle, Optional.of(list(Samples.sample(BUSYBOX).toString())));
        assertTrue(problems.stream().anyMatch(p -> p.contains(biggest.digest().toString()) && p.contains("digest")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("ab".repeat(32)) && p.contains("no image names it")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("which the list does not ask for")), problems.toString());

        Files.delete(file);
        assertTrue(verify(bundle, Optional.empty()).stream().anyMatch(p -> p.contains(biggest.digest() + " (" + biggest.size()
                + " bytes) is not in the bundle")));
        Files.delete(bundle.resolve("mirror.json"));
        assertTrue(verify(bundle, Optional.empty()).stream().anyMatch(p -> p.contains("no mirror.json")));
    }

    @Test
    void aFailureCommitsNothingAndTheNextRunResumesFromWhatWasFetched() throws IOException {
        Path broken = tmp.resolve("broken.tar");
        Files.write(broken, "not a tar at all".repeat(100).getBytes(StandardCharsets.UTF_8));
        ImageList list = list(Samples.sample(BUSYBOX).toString(), broken.toString(), Samples.sample(HELLO).toString());
        IOException e = assertThrows(IOException.class, () -> write(list, dir("r"), false, Optional.empty()));
        assertTrue(e.getMessage().contains("list line 4") && e.getMessage().contains("nothing was committed"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("r")));
        assertTrue(Files.isDirectory(tmp.resolve("r.partial/blobs/sha256")), "what was fetched stays, to resume from");
        assertFalse(Files.exists(tmp.resolve("r.mirror-lock")), "the lock goes with the run");

        BundleWriter.Report r = write(list, dir("r"), true, Optional.empty());
        assertTrue(r.resumedBlobs() > 0);
        assertEquals(1, r.inventory().failed().size());
        assertEquals(2, r.inventory().images().size());
        assertTrue(r.fetchedBytes() < r.bundleBytes(), "busybox was not fetched again");
        assertEquals(List.of(), verify(tmp.resolve("r"), Optional.empty()));
        assertFalse(Files.exists(tmp.resolve("r.partial")));

        IOException exists = assertThrows(IOException.class, () -> write(list, dir("r"), true, Optional.empty()));
        assertTrue(exists.getMessage().contains("use --force"), exists.getMessage());
    }

    @Test
    void aSecondRunOnTheSameBundleIsRefusedWhileTheFirstHoldsIt() throws IOException {
        BundleTarget target = dir("locked");
        try (BundleLock held = BundleLock.acquire(target)) {
            IOException e = assertThrows(IOException.class, () -> write(list(Samples.sample(HELLO).toString()), target, false,
                    Optional.empty()));
            assertTrue(e.getMessage().contains("another ociconv mirror (pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
        }
    }

    @Test
    void aDifferentialBundleLeavesTheBasesLayersOutAndSaysSo() throws IOException {
        write(list(Samples.sample(BUSYBOX).toString()), dir("base"), false, Optional.empty());
        BundleWriter.Base base = Bundles.base(tmp.resolve("base"), Transports.OpenContext.defaults());
        ImageList both = list(Samples.sample(BUSYBOX).toString(), Samples.sample(HELLO).toString());
        BundleWriter.Report r = write(both, BundleTarget.parse("oci-archive:" + tmp.resolve("update.tar"), Optional.empty(),
                OptionalLong.empty(), false), false, Optional.of(base));
        assertFalse(r.inventory().omitted().isEmpty());
        assertTrue(r.inventory().omitted().stream().allMatch(MirrorInventory.Blob::layer));
        assertEquals(Optional.of(base.digest()), r.inventory().since());
        assertEquals(List.of(), verify(tmp.resolve("update.tar"), Optional.of(both)), "left to the base is not missing");
    }

    /** A containerd export lists eleven platforms and holds one: the bundle takes the one it holds. */
    @Test
    void anExportThatListsMoreThanItHoldsGivesTheImageItHolds() throws IOException {
        ImageList list = list(Samples.sample("containerd-export-hello-world-multiarch-index/hello-world.tar").toString());
        BundleWriter.Report r = write(list, dir("export"), false, Optional.empty());
        assertEquals(1, r.inventory().images().size());
        assertEquals(List.of(), verify(tmp.resolve("export"), Optional.of(list)));
    }

    /** For docker25 only what the archive holds is staged: the image of the index, not its attestation. */
    @Test
    void aDocker25BundleStagesOnePlatformAndNoArtifacts() throws IOException {
        Path archive = tmp.resolve("for-docker.tar");
        BundleWriter.Report r = write(list(Samples.sample(ATTESTED).toString(), Samples.sample(BUSYBOX).toString()),
                BundleTarget.parse("docker25:" + archive, Optional.empty(), OptionalLong.empty(), false), false, Optional.empty());
        assertEquals(2, r.inventory().images().size());
        assertTrue(r.inventory().images().stream().noneMatch(i -> i.mediaType().contains("index")), r.inventory().images().toString());
        try (var src = dev.ociconv.converter.dockerarchive.DockerArchiveSource.open(archive, tmp, Limits.DEFAULT)) {
            assertEquals(2, src.entries().size());
        }
        assertFalse(Files.exists(tmp.resolve("for-docker.tar.partial")));
    }

    @Test
    void aSplitArchiveIsReadFromItsFirstVolume() throws IOException {
        ImageList list = list(Samples.sample(BUSYBOX).toString(), Samples.sample(HELLO).toString());
        write(list, BundleTarget.parse("oci-archive:" + tmp.resolve("s.tar"), Optional.empty(), OptionalLong.of(1L << 20), false),
                false, Optional.empty());
        assertTrue(Files.exists(tmp.resolve("s.tar.001")));
        assertFalse(Files.exists(tmp.resolve("s.tar")));
        assertEquals(List.of(), verify(tmp.resolve("s.tar.000"), Optional.of(list)));
    }
}
