package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What ociconv does to the user's files, as a user sees it from the shell: existing files are never
 * replaced without {@code --force}, modes follow the umask, a signal leaves nothing behind, {@code -}
 * is standard output, and the final line names what was written. Every result is read by skopeo.
 */
class OutputsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMP = ".ociconv-tmp-";

    @TempDir
    static Path tmp;
    static ProdRegistry registry;
    static Path image;
    static Path layout;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        registry = ProdRegistry.start(ProdRegistry.Config.plain());
        image = Images.archive(tmp, "small", 2, 31);
        layout = tmp.resolve("small-oci");
        Cli.Result r = Cli.in(tmp).ociconv("convert", image.toString(), layout.toString());
        assertEquals(0, r.exit(), r.toString());
        Cli.Result push = Cli.in(tmp).ociconv("push", image.toString(), registry.hostPort() + "/outputs/small:1");
        assertEquals(0, push.exit(), push.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    /** The words of {@code command}, each placeholder replaced by its value (a mutable list). */
    private static List<String> words(String command, Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (String w : command.split(" ")) {
            args.add(values.getOrDefault(w, w));
        }
        return args;
    }

    private static Path fresh(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name + "-" + System.nanoTime()));
    }

    private static void assertNoTemps(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> temps = all.filter(p -> p.getFileName().toString().startsWith(TEMP)).toList();
            assertEquals(List.of(), temps, "temp files left in " + dir);
        }
    }

    /** Every file's path and bytes' digest, and every directory, under {@code root}. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                m.put(root.relativize(p).toString(), Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Interop.sha256(p));
            }
        }
        return m;
    }

    private static void skopeoReads(String ref) throws IOException {
        Cli.Result r = Cli.in(tmp).skopeo("inspect", "--raw", ref);
        assertEquals(0, r.exit(), "skopeo inspect " + ref + ": " + r);
    }

    // --- never clobber --------------------------------------------------------------------------

    /** A command whose OUT is an existing file: refused before any work, the file untouched; --force replaces it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "convert --to docker-archive SRC OUT | docker-archive",
            "convert --to oci-archive SRC OUT    | oci-archive",
            "save SRC -o OUT                      | docker-archive",
            "pull REF OUT                         | docker-archive",
            "export SRC OUT                       | -",
    })
    void anExistingFileIsReplacedOnlyWithForce(String command, String readAs) throws IOException {
        Path dir = fresh("clobber");
        Path out = Files.writeString(dir.resolve("hello.txt"), "Hello, world!\n");
        List<String> args = words(command, Map.of("SRC", image.toString(),
                "REF", registry.hostPort() + "/outputs/small:1", "OUT", out.toString()));
        Cli.Result refused = Cli.in(tmp).ociconv(args.toArray(new String[0]));
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals(List.of("ociconv: error: " + out + ": already exists; use --force to replace it"), refused.errLines());
        assertEquals("Hello, world!\n", Files.readString(out));
        assertEquals(Set.of(out), Set.copyOf(list(dir)), "nothing else was written");

        args.add(1, "--force");
        Cli.Result forced = Cli.in(tmp).ociconv(args.toArray(new String[0]));
        assertEquals(0, forced.exit(), forced.toString());
        assertNotEquals("Hello, world!\n", Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (!readAs.equals("-")) {
            skopeoReads(readAs + ":" + out);
        }
        assertNoTemps(dir);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aNonEmptyDirectoryIsRefusedBeforeAnyWork() throws IOException {
        Path dir = fresh("nonempty");
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("notes.txt"), "mine");
        Cli.Result r = Cli.in(tmp).ociconv("convert", image.toString(), target.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("ociconv: error: " + target + ": "), line);
        assertTrue(line.contains("not empty"), line);
        assertFalse(line.contains(TEMP) || line.contains(".tmp"), "the message names the user's path, not ours: " + line);
        assertEquals(Map.of("", "dir", "notes.txt", Interop.sha256(target.resolve("notes.txt"))), tree(target));
        assertNoTemps(dir);
    }

    // --- modes ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "umask {0}")
    @CsvSource({"022, rw-r--r--, rwxr-xr-x", "077, rw-------, rwx------", "027, rw-r-----, rwxr-x---"})
    void modesFollowTheUmask(String umask, String fileMode, String dirMode) throws IOException {
        Path dir = fresh("umask" + umask);
        Path oci = dir.resolve("oci");
        Path archive = dir.resolve("image.tar");
        Path ociArchive = dir.resolve("image-oci.tar");
        Path rootfs = dir.resolve("rootfs");
        Cli cli = Cli.in(tmp).umask(umask);
        for (String[] args : List.of(
                new String[] {"convert", image.toString(), oci.toString()},
                new String[] {"convert", "--to", "docker-archive", oci.toString(), archive.toString()},
                new String[] {"convert", "--to", "oci-archive", image.toString(), ociArchive.toString()},
                new String[] {"pull", "--to", "oci", registry.hostPort() + "/outputs/small:1", dir.resolve("pulled").toString()},
                new String[] {"unpack", image.toString(), rootfs.toString()})) {
            Cli.Result r = cli.ociconv(args);
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r);
        }
        for (Path layoutDir : List.of(oci, dir.resolve("pulled"))) {
            try (Stream<Path> all = Files.walk(layoutDir)) {
                for (Path p : all.toList()) {
                    String want = Files.isDirectory(p) ? dirMode : fileMode;
                    assertEquals(want, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
                }
            }
        }
        for (Path f : List.of(archive, ociArchive)) {
            assertEquals(fileMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        // unpack writes the image's own modes, not the umask's: a root filesystem must be the image's
        // (the root is the image's ./ entry, else 0755, as umoci gives it)
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs)));
        skopeoReads("oci:" + oci);
        skopeoReads("docker-archive:" + archive);
        assertNoTemps(dir);
    }

    // --- signals --------------------------------------------------------------------------------

    static Path bigImage;

    private static synchronized Path bigImage() throws IOException {
        if (bigImage == null) {
            // big enough that each run below is still writing when it is signalled
            bigImage = Images.archiveWithBigFile(tmp, "big", 2, 400L << 20, 33);
        }
        return bigImage;
    }

    /** Waits until the run has started writing (one of our temp names exists under {@code dir}). */
    private static void awaitWriting(Cli.Running run, Path dir) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && run.process().isAlive()) {
            try (Stream<Path> all = Files.walk(dir)) {
                if (all.anyMatch(p -> p.getFileName().toString().startsWith(TEMP))) {
                    return;
                }
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                // a temp file vanished under the walk: look again
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the run never started writing: " + run.await(5));
    }

    /** Ctrl-C in the middle of each command that writes: exit 130, one line, nothing left, the target as it was. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "INT  | convert --compress gzip BIG NEW",
            "INT  | convert --to oci-archive BIG NEW",
            "INT  | unpack BIG NEW",
            "TERM | convert --to docker-archive --compress gzip BIG NEW",
            "INT  | copy docker-archive:BIG oci:LAYOUT:big",
            "INT  | pull BIGREF NEW",
    })
    void aSignalLeavesNothingBehind(String signal, String command) throws Exception {
        Path dir = fresh("signal");
        Path existing = dir.resolve("layout");
        Cli.Result seeded = Cli.in(tmp).ociconv("convert", image.toString(), existing.toString());
        assertEquals(0, seeded.exit(), seeded.toString());
        Map<String, String> before = tree(dir);
        if (command.contains("BIGREF")) {
            Cli.Result push = Cli.in(tmp).ociconv("push", bigImage().toString(), registry.hostPort() + "/outputs/big:1");
            assertEquals(0, push.exit(), push.toString());
        }
        List<String> args = words(command, Map.of("BIG", bigImage().toString(),
                "docker-archive:BIG", "docker-archive:" + bigImage(), "BIGREF", registry.hostPort() + "/outputs/big:1",
                "NEW", dir.resolve("new").toString(), "oci:LAYOUT:big", "oci:" + existing + ":big"));
        Cli.Running run = Cli.in(tmp).heap("-Xmx128m").start(args.toArray(new String[0]));
        awaitWriting(run, dir);
        run.signal(signal);
        Cli.Result r = run.await(60);
        int expectedExit = signal.equals("INT") ? 130 : 143;
        assertEquals(expectedExit, r.exit(), r.toString());
        assertEquals(List.of("ociconv: interrupted by SIG" + signal + ": stopped before anything was committed; temp files removed"),
                r.errLines().stream().filter(l -> l.startsWith("ociconv:")).toList(), r.toString());
        assertEquals(before, tree(dir), "the directory is as it was: no temp files, no half result, the layout unchanged");
    }

    @Test
    void aKilledRunsLeftoversAreSweptByTheNextRun() throws Exception {
        Path dir = fresh("kill9");
        Cli.Running run = Cli.in(tmp).start("convert", "--compress", "gzip", bigImage().toString(), dir.resolve("new").toString());
        awaitWriting(run, dir);
        run.signal("KILL");
        run.await(30);
        assertFalse(list(dir).isEmpty(), "kill -9 leaves its temp files (nothing can remove them then)");
        Cli.Result next = Cli.in(tmp).ociconv("convert", image.toString(), dir.resolve("other").toString());
        assertEquals(0, next.exit(), next.toString());
        assertTrue(next.errLines().stream().anyMatch(l -> l.startsWith("ociconv: removed ") && l.contains("left in " + dir)),
                next.toString());
        assertEquals(List.of(dir.resolve("other")), list(dir));
    }

    // --- standard output ------------------------------------------------------------------------

    @Test
    void aDashIsStandardOutput() throws Exception {
        Path dir = fresh("dash");
        Cli cli = Cli.in(tmp).cwd(dir);
        // save -o - writes the same bytes as save -o FILE, and messages go to stderr
        Path file = dir.resolve("file.tar");
        assertEquals(0, cli.ociconv("save", layout.toString(), "-o", file.toString()).exit());
        Cli.Result piped = cli.ociconvToFile(dir.resolve("piped.tar"), "save", layout.toString(), "-o", "-");
        assertEquals(0, piped.exit(), piped.toString());
        assertEquals(-1L, Files.mismatch(file, dir.resolve("piped.tar")), "save -o - and -o FILE write the same bytes");
        assertTrue(piped.err().contains("wrote -: "), piped.toString());
        skopeoReads("docker-archive:" + dir.resolve("piped.tar"));

        // convert LAYOUT - : an OCI archive on standard output
        Cli.Result oci = cli.ociconvToFile(dir.resolve("piped-oci.tar"), "convert", image.toString(), "-");
        assertEquals(0, oci.exit(), oci.toString());
        skopeoReads("oci-archive:" + dir.resolve("piped-oci.tar"));

        // pull REF - : a docker save archive
        Cli.Result pull = cli.ociconvToFile(dir.resolve("pulled.tar"), "pull", registry.hostPort() + "/outputs/small:1", "-");
        assertEquals(0, pull.exit(), pull.toString());
        skopeoReads("docker-archive:" + dir.resolve("pulled.tar"));

        assertFalse(Files.exists(dir.resolve("-")), "no file named -");
        Cli.Result json = cli.ociconv("save", "--json", layout.toString(), "-o", "-");
        assertEquals(2, json.exit(), json.toString());
    }

    // --- what the final line says ---------------------------------------------------------------

    /** The last {@code wrote …} line (progress lines come before it). */
    private static String wrote(Cli.Result r) {
        return r.out().lines().filter(l -> l.startsWith("wrote ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no wrote line: " + r));
    }

    @Test
    void theFinalLineAndDigestFileNameWhatWasWritten() throws Exception {
        Path dir = fresh("lines");
        Cli cli = Cli.in(tmp);
        String ref = registry.hostPort() + "/outputs/lines:1";
        Path pushDigest = dir.resolve("push.digest");
        Cli.Result push = cli.ociconv("push", "--digestfile", pushDigest.toString(), image.toString(), ref);
        assertEquals(0, push.exit(), push.toString());
        String digest = Interop.inspectDigest(cli, ref, List.of("--tls-verify=false"));
        assertEquals(digest + "\n", Files.readString(pushDigest));
        assertTrue(wrote(push).startsWith("wrote " + ref + ": " + ref + "; manifest " + digest + "; image ID "), push.toString());

        // registry to registry: the destination's name, not the source's
        String copy = registry.hostPort() + "/outputs/copied:2";
        Cli.Result c = cli.ociconv("copy", "docker://" + ref, "docker://" + copy);
        assertEquals(0, c.exit(), c.toString());
        assertTrue(wrote(c).startsWith("wrote docker://" + copy + ": " + copy + "; manifest " + digest), c.toString());

        // a pull to a docker save archive says which registry digest it pulled, and the image ID
        Path tar = dir.resolve("x.tar");
        Path pullDigest = dir.resolve("pull.digest");
        Cli.Result pull = cli.ociconv("pull", "--digestfile", pullDigest.toString(), ref, tar.toString());
        assertEquals(0, pull.exit(), pull.toString());
        Cli.Result raw = cli.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + ref);
        String configDigest = JSON.readTree(raw.out()).path("config").path("digest").asText();
        assertEquals("wrote " + tar + ": " + ref + "; image ID " + configDigest + "; pulled " + ref + "@" + digest, wrote(pull));
        assertEquals(configDigest + "\n", Files.readString(pullDigest));

        // --json: one object per image, with the same facts
        Cli.Result json = cli.ociconv("pull", "--json", "--to", "oci", ref, dir.resolve("j").toString());
        assertEquals(0, json.exit(), json.toString());
        JsonNode o = JSON.readTree(json.out().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(digest, o.path("sourceDigest").asText());
        assertEquals(Images.layoutManifestDigest(dir.resolve("j")), o.path("manifestDigest").asText());
        assertEquals(configDigest, o.path("imageId").asText());

        // --digestfile is a file of the user's too
        Cli.Result again = cli.ociconv("pull", "--digestfile", pullDigest.toString(), ref, dir.resolve("y.tar").toString());
        assertEquals(1, again.exit(), again.toString());
        assertFalse(Files.exists(dir.resolve("y.tar")));
    }

    /** inspect --raw and --config print the bytes skopeo prints, so their sha256 is the digest. */
    @Test
    void inspectRawAndConfigAreTheSourcesBytes() throws Exception {
        Path dir = fresh("raw");
        Cli cli = Cli.in(tmp);
        String ref = "docker://" + registry.hostPort() + "/outputs/small:1";
        Cli.Result ours = cli.ociconvToFile(dir.resolve("ours.json"), "inspect", "--raw", ref);
        assertEquals(0, ours.exit(), ours.toString());
        Cli.Result theirs = cli.skopeo("inspect", "--raw", "--tls-verify=false", ref);
        assertEquals(theirs.out().strip(), Files.readString(dir.resolve("ours.json")));
        assertEquals(Interop.inspectDigest(cli, registry.hostPort() + "/outputs/small:1", List.of("--tls-verify=false")),
                "sha256:" + Interop.sha256(dir.resolve("ours.json")));
        Cli.Result config = cli.ociconvToFile(dir.resolve("config.json"), "inspect", "--config", ref);
        assertEquals(0, config.exit(), config.toString());
        Cli.Result skopeoConfig = cli.skopeo("inspect", "--config", "--raw", "--tls-verify=false", ref);
        assertEquals(skopeoConfig.out().strip(), Files.readString(dir.resolve("config.json")));
        Cli.Result archive = cli.ociconv("inspect", "--raw", image.toString());
        assertEquals(2, archive.exit(), archive.toString());
        assertTrue(archive.errLines().get(0).contains("a docker save archive stores no manifest"), archive.toString());
    }

    @Test
    void namesSurviveALayoutAndPrivateAnnotationsNeverReachARegistry() throws Exception {
        Path dir = fresh("names");
        Cli cli = Cli.in(tmp);
        String ref = registry.hostPort() + "/outputs/small:1";
        Path o2 = dir.resolve("o2");
        assertEquals(0, cli.ociconv("copy", "docker://" + ref, "oci:" + o2 + ":v1").exit());
        Path saved = dir.resolve("images.tar");
        Cli.Result save = cli.ociconv("save", "oci:" + o2 + ":v1", "-o", saved.toString());
        assertEquals(0, save.exit(), save.toString());
        Path extracted = Files.createDirectories(dir.resolve("x"));
        assertEquals(0, new ProcessBuilder("tar", "-xf", saved.toString(), "-C", extracted.toString(), "manifest.json")
                .inheritIO().start().waitFor());
        JsonNode manifest = JSON.readTree(extracted.resolve("manifest.json").toFile());
        assertEquals(registry.hostPort() + "/outputs/small:v1", manifest.path(0).path("RepoTags").path(0).asText());

        // README's chain as written: docker save -> oci:DIR:v1 -> save, the full name kept
        Path chain = dir.resolve("testimage-oci");
        assertEquals(0, cli.ociconv("copy", "docker-archive:" + image, "oci:" + chain + ":v1").exit());
        Path images = dir.resolve("chained.tar");
        Cli.Result chained = cli.ociconv("save", "oci:" + chain + ":v1", "-o", images.toString());
        assertEquals(0, chained.exit(), chained.toString());
        Path x2 = Files.createDirectories(dir.resolve("x2"));
        assertEquals(0, new ProcessBuilder("tar", "-xf", images.toString(), "-C", x2.toString(), "manifest.json")
                .inheritIO().start().waitFor());
        assertEquals("example.com/random/image0:v1",
                JSON.readTree(x2.resolve("manifest.json").toFile()).path(0).path("RepoTags").path(0).asText());
        skopeoReads("docker-archive:" + images);

        // a layout we wrote (whose index.json carries our private annotations) pushed back: none in the manifest
        // (gzip layers, which a push keeps as they are: the manifest is pushed unchanged)
        Path gz = dir.resolve("gz");
        assertEquals(0, cli.ociconv("convert", "--compress", "gzip", image.toString(), gz.toString()).exit());
        assertTrue(Files.readString(gz.resolve("index.json")).contains("dev.ociconv."), "index.json carries them");
        String back = registry.hostPort() + "/outputs/back:1";
        Cli.Result push = cli.ociconv("push", gz.toString(), back);
        assertEquals(0, push.exit(), push.toString());
        Cli.Result raw = cli.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + back);
        assertFalse(raw.out().contains("dev.ociconv"), raw.out());
        assertEquals(Images.layoutManifestDigest(gz), push.wroteDigest(), "an unchanged OCI manifest keeps its digest");
    }
}
