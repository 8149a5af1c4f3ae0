package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The air-gap walk-through against a real registry, as a user runs it: an image list (ociconv's
 * and skopeo sync's forms) → one bundle → verify offline (and skopeo/umoci read it) → push under a
 * prefix (digests and referrers as they were) → an inventory of the far side → a differential
 * bundle of what is new → its push, refused where the base is missing. And the failures: a run
 * killed half way resumes, a bad list is refused by line before any download.
 */
class MirrorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORAS = "oci-dir-oras-artifacts-referrers/layout";
    private static final String ATTESTED = "containerd-attestation-manifest/busybox-single-arch-with-attestation-manifest.tar";

    @TempDir
    static Path tmp;
    private static TestRegistry registry;
    private static Cli cli;

    @BeforeAll
    static void seed() throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        cli = Cli.in(tmp);
        Path files = Files.createDirectories(tmp.resolve("files"));
        Random random = new Random(15);
        for (String f : List.of("base", "a", "b")) {
            byte[] data = new byte[f.equals("base") ? 3 << 20 : 1 << 20];
            random.nextBytes(data);
            Files.write(files.resolve(f), data);
        }
        ok("build", "-q", "--add", files.resolve("base") + ":/base", "-o", registry.docker("team/base:1"));
        ok("build", "-q", "--from", registry.docker("team/base:1"), "--add", files.resolve("a") + ":/a", "-o", registry.docker("team/app:1.0"));
        ok("build", "-q", "--from", registry.docker("team/base:1"), "--add", files.resolve("b") + ":/b", "-o", registry.docker("team/app:1.1"));
        ok("build", "-q", "--from", registry.docker("team/base:1"), "--add", files.resolve("b") + ":/b", "--label", "x=y",
                "-o", registry.docker("team/app:dev"));
        ok("copy", "-q", "--all", Samples.sample(ATTESTED).toString(), registry.docker("library/busybox:att"));
        ok("copy", "-q", "--referrers", "oci:" + Samples.sample(ORAS) + ":foobar", registry.docker("oras/art:foobar"));
        // a cosign signature of team/app:1.0 under cosign's tag convention (an artifact of oras' for the payload)
        String signed = Digest.sha256(Skopeo.rawManifest(registry.docker("team/app:1.0"))).hex();
        ok("copy", "-q", "oci:" + Samples.sample(ORAS) + ":config", registry.docker("team/app:sha256-" + signed + ".sig"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    private static Cli.Result ok(String... args) throws IOException {
        Cli.Result r = cli.ociconv(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r);
        return r;
    }

    private static Path list(String name, String yaml) throws IOException {
        return Files.writeString(tmp.resolve(name), yaml);
    }

    private static String ociconvList() {
        return "images:\n"
                + "  - " + registry.ref("team/base:1") + "\n"
                + "  - name: " + registry.ref("team/app") + "\n"
                + "    tags: '^1\\.'\n"
                + "  - " + registry.ref("library/busybox:att") + "\n"
                + "  - " + registry.ref("oras/art:foobar") + "\n";
    }

    private static Set<String> entries(Path layout) throws IOException {
        Set<String> out = new HashSet<>();
        for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
            out.add(m.get("digest").asText() + " " + m.path("annotations").path("io.containerd.image.name").asText("-"));
        }
        return out;
    }

    @Test
    void listToBundleToVerifyToPushThenADifferentialUpdate() throws IOException {
        Path list = list("images.yaml", ociconvList());
        Path bundle = tmp.resolve("bundle");
        Cli.Result made = ok("mirror", "--images", list.toString(), bundle.toString());
        assertTrue(made.out().contains("wrote oci:" + bundle + ": 6 images"), made.out() + "\n(5 and a cosign signature)");
        String signature = "team/app:sha256-" + Digest.sha256(Skopeo.rawManifest(registry.docker("team/app:1.0"))).hex() + ".sig";
        assertTrue(entries(bundle).stream().anyMatch(e -> e.endsWith(registry.ref(signature))), entries(bundle).toString());

        // the same images in skopeo sync's form make the same bundle
        String[] hostAndRest = registry.ref("x").split("/", 2);
        String prefix = registry.repository("");
        Path skopeoList = list("sync.yaml", hostAndRest[0] + ":\n  tls-verify: false\n  images:\n"
                + "    " + prefix + "team/base: ['1']\n    " + prefix + "library/busybox: [att]\n    " + prefix + "oras/art: [foobar]\n"
                + "  images-by-tag-regex:\n    " + prefix + "team/app: '^1\\.'\n");
        Path again = tmp.resolve("bundle-from-sync");
        ok("mirror", "--images", skopeoList.toString(), again.toString());
        assertEquals(entries(bundle), entries(again));

        // offline checks, ours and two other readers'
        Cli.Result verified = ok("mirror", "verify", "--images", list.toString(), bundle.toString());
        assertTrue(verified.out().contains("no problems"), verified.out());
        assertEquals(0, cli.skopeo("inspect", "oci:" + bundle + ":1.0").exit());
        assertTrue(dev.ociconv.it.support.Processes.installed("umoci"), "umoci is installed by .ci/run");
        var umoci = dev.ociconv.it.support.Processes.run(java.time.Duration.ofSeconds(60), List.of("umoci", "ls", "--layout", bundle.toString()));
        assertEquals(0, umoci.exitCode(), umoci.stderr());
        assertTrue(umoci.out().contains("1.1"), umoci.out());
        JsonNode inventory = JSON.readTree(bundle.resolve("mirror.json").toFile());
        Set<String> blobs = new HashSet<>();
        inventory.get("blobs").forEach(b -> blobs.add(b.get("digest").asText()));
        try (Stream<Path> stored = Files.list(bundle.resolve("blobs/sha256"))) {
            assertEquals(blobs.size(), stored.count(), "each blob once, however many images share it");
        }

        // into the "far" registry prefix: digests unchanged, referrers with their image
        String far = registry.ref("far");
        Cli.Result pushed = ok("mirror", "push", bundle.toString(), far);
        assertTrue(pushed.out().contains("pushed 6 images"), pushed.out());
        for (String image : List.of("team/app:1.0", "team/app:1.1", "library/busybox:att", "oras/art:foobar", signature)) {
            assertEquals(Digest.sha256(Skopeo.rawManifest(registry.docker(image))), Digest.sha256(Skopeo.rawManifest(registry.docker("far/" + image))),
                    image);
        }
        String foobar = "fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb";
        JsonNode referrers = Skopeo.json(Skopeo.rawManifest(registry.docker("far/oras/art:sha256-" + foobar)));
        assertEquals("test/sbom.file", referrers.get("manifests").get(0).get("artifactType").asText());

        // the far side's inventory, then a bundle of what is new since
        Path farSide = tmp.resolve("far.json");
        ok("mirror", "inventory", far, "-o", farSide.toString());
        Path files = tmp.resolve("files");
        Files.write(files.resolve("c"), new byte[] {1, 2, 3});
        ok("build", "-q", "--from", registry.docker("team/base:1"), "--add", files.resolve("c") + ":/c", "-o", registry.docker("team/app:1.2"));
        Path update = tmp.resolve("update.tar");
        Cli.Result diff = ok("mirror", "--images", list.toString(), "--since", farSide.toString(), "oci-archive:" + update);
        assertTrue(diff.out().contains("7 images") && diff.out().contains("left to the base"), diff.out());
        assertTrue(Files.size(update) < (1 << 20), "only what is new: " + Files.size(update) + " bytes");
        ok("mirror", "verify", update.toString());

        Cli.Result refused = cli.ociconv("mirror", "push", update.toString(), registry.ref("elsewhere"));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("is a differential bundle") && refused.err().contains("Nothing was pushed"), refused.err());
        ok("mirror", "push", update.toString(), far);
        assertEquals(Digest.sha256(Skopeo.rawManifest(registry.docker("team/app:1.2"))),
                Digest.sha256(Skopeo.rawManifest(registry.docker("far/team/app:1.2"))));
    }

    /** copy --cosign-tags: the signature stored under cosign's tag goes to the same tag, in a registry and in a layout. */
    @Test
    void copyCarriesCosignTagsWhenAsked() throws IOException {
        String tag = "sha256-" + Digest.sha256(Skopeo.rawManifest(registry.docker("team/app:1.0"))).hex() + ".sig";
        Digest signature = Digest.sha256(Skopeo.rawManifest(registry.docker("team/app:" + tag)));
        ok("copy", "-q", "--cosign-tags", registry.docker("team/app:1.0"), registry.docker("signed/app:1.0"));
        assertEquals(signature, Digest.sha256(Skopeo.rawManifest(registry.docker("signed/app:" + tag))));
        Path layout = tmp.resolve("signed-layout");
        ok("copy", "-q", "--cosign-tags", registry.docker("team/app:1.0"), "oci:" + layout + ":1.0");
        assertEquals(signature, Digest.sha256(Skopeo.rawManifest("oci:" + layout + ":" + tag)));
        Cli.Result archive = cli.ociconv("copy", "--cosign-tags", registry.docker("team/app:1.0"), "oci-archive:" + tmp.resolve("x.tar"));
        assertEquals(2, archive.exit(), archive.toString());
    }

    @Test
    void aRunKilledHalfWayResumesAndFetchesOnlyWhatIsMissing() throws Exception {
        Path files = tmp.resolve("files");
        byte[] big = new byte[96 << 20];
        new Random(7).nextBytes(big);
        Files.write(files.resolve("big"), big);
        ok("build", "-q", "--compress", "none", "--add", files.resolve("big") + ":/big", "-o", "oci:" + tmp.resolve("big-layout") + ":1");
        ok("copy", "-q", "--compress", "keep", "oci:" + tmp.resolve("big-layout") + ":1", registry.docker("team/big:1"));
        Path list = list("resume.yaml", "images:\n  - " + registry.ref("team/base:1") + "\n  - " + registry.ref("team/big:1") + "\n");
        Path bundle = tmp.resolve("resumed");
        Cli.Running run = cli.start("mirror", "--jobs", "1", "--images", list.toString(), bundle.toString());
        Path staging = tmp.resolve("resumed.partial");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && !partialBlobOver(staging, 8 << 20)) {
            Thread.sleep(20);
        }
        assertTrue(partialBlobOver(staging, 8 << 20), "the big layer was being fetched");
        run.signal("KILL");
        run.await(30);
        assertFalse(Files.exists(bundle), "a killed run leaves no bundle");
        long half;
        try (Stream<Path> kept = Files.list(staging.resolve(".ociconv-resume"))) {
            half = kept.mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
        assertTrue(half >= 8 << 20 && half < big.length, "the half-fetched layer stays for the next run: " + half);

        Cli.Result second = ok("mirror", "--images", list.toString(), bundle.toString());
        assertTrue(second.out().contains("resuming from " + staging), second.out());
        assertTrue(second.out().contains(registry.ref("team/base:1") + ": ") && second.out().contains("fetched 0 B"),
                "the image fetched before the kill is not fetched again:\n" + second.out());
        // the half-fetched layer is asked for from where it stopped (Range), not again from its start
        String bigLine = second.out().lines().filter(l -> l.contains(registry.ref("team/big:1") + ": ")).findFirst().orElseThrow();
        long fetchedAgain = humanBytes(bigLine.replaceAll(".*, fetched (.*) in .*", "$1"));
        System.out.println("RESUME killed with " + half + " of " + big.length + " bytes kept; the next run: " + bigLine);
        assertTrue(fetchedAgain <= big.length - half + (1 << 20),
                "fetched " + fetchedAgain + " of " + big.length + " after " + half + " had been kept: " + bigLine);
        ok("mirror", "verify", bundle.toString());
        try (Stream<Path> top = Files.list(bundle)) {
            assertEquals(Set.of("blobs", "index.json", "mirror.json", "oci-layout"),
                    top.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()), "no temp files of the killed run");
        }
        assertFalse(Files.exists(staging));
    }

    /** Parses what {@code Sizes.human} prints ({@code 85.3 MiB}, {@code 0 B}). */
    private static long humanBytes(String s) {
        String[] parts = s.strip().split(" ");
        int shift = switch (parts[1]) {
            case "B" -> 0;
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> throw new AssertionError("not a size: " + s);
        };
        return (long) (Double.parseDouble(parts[0]) * (1L << shift));
    }

    /** True when a temp file in the staging layout (a blob being written) has passed {@code bytes}. */
    private static boolean partialBlobOver(Path staging, long bytes) throws IOException {
        if (!Files.isDirectory(staging)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            return walk.filter(p -> p.toString().contains(".ociconv-resume")).filter(Files::isRegularFile).anyMatch(p -> {
                try {
                    return Files.size(p) > bytes;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aBadListIsRefusedByLineBeforeAnyDownload() throws IOException {
        Path list = list("bad.yaml", "images:\n  - " + registry.ref("team/base:1") + "\n  - name: " + registry.ref("team/app") + "\n"
                + "    tags: '^9\\.'\n");
        Path bundle = tmp.resolve("never");
        Cli.Result r = cli.ociconv("mirror", "--images", list.toString(), bundle.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).matches(java.util.regex.Pattern.quote("ociconv: error: " + list + ":3: no tag of " + registry.ref("team/app")
                + " matches '^9\\.' (it has ") + "\\d+ tags\\)"), r.errLines().get(0));
        assertFalse(Files.exists(tmp.resolve("never.partial")), "nothing was fetched");
    }
}
