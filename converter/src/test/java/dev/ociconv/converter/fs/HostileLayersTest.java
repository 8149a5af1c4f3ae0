package dev.ociconv.converter.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile layers, each with its expected outcome: an error naming the problem, or a result
 * confined to the output directory. For every case the sentinel directory beside the output
 * stays as it was, a failure leaves no output (nor temp directory), and no runtime exception escapes.
 */
class HostileLayersTest {

    @TempDir
    Path base;
    Path sentinel;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        sentinel = Files.createDirectory(base.resolve("sentinel"));
        Path keep = Files.writeString(sentinel.resolve("keep.txt"), "keep");
        Files.setAttribute(keep, "unix:mode", 0644);
        Files.setLastModifiedTime(keep, FileTime.fromMillis(1_000_000_000L));
        Files.setLastModifiedTime(sentinel, FileTime.fromMillis(1_000_000_000L));
        out = base.resolve("out");
    }

    /** What the result must show, when there is no error. */
    interface Check {
        void verify(Path out, UnpackReport report, Path base) throws IOException;
    }

    record Case(String name, Function<Path, byte[][]> layers, UnaryOperator<UnpackOptions> options, String error,
                Check check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case rejects(String name, String error, Function<Path, byte[][]> layers) {
        return new Case(name, layers, o -> o, error, null);
    }

    static Case confines(String name, Function<Path, byte[][]> layers, Check check) {
        return new Case(name, layers, o -> o, null, check);
    }

    static Case with(Case c, UnaryOperator<UnpackOptions> options) {
        return new Case(c.name, c.layers, options, c.error, c.check);
    }

    static byte[][] one(TarBuilder t) {
        return new byte[][] {t.build()};
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    static boolean isLink(Path p) {
        return Files.isSymbolicLink(p);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            rejects("dotdot name", "'..' component", b -> one(new TarBuilder().file("../sentinel/evil", "x"))),
            rejects("dotdot in the middle", "'..' component",
                    b -> one(new TarBuilder().file("a/../../sentinel/evil", "x"))),
            rejects("dotdot only", "'..' component", b -> one(new TarBuilder().file("..", "x"))),
            confines("absolute name taken relative", b -> one(new TarBuilder().file("/abs/file", "x")),
                    (o, r, b) -> assertEquals("x", read(o.resolve("abs/file")))),
            confines("absolute name naming the sentinel", b -> one(new TarBuilder()
                            .file(b.resolve("sentinel/evil").toString(), "x")),
                    (o, r, b) -> assertTrue(Files.exists(o.resolve(b.toString().substring(1)).resolve("sentinel/evil")))),
            confines("symlink one hop then a file through it", b -> one(new TarBuilder()
                            .symlink("link", "../sentinel").file("link/evil", "x")),
                    (o, r, b) -> {
                        assertTrue(isLink(o.resolve("link")));
                        assertEquals("x", read(o.resolve("sentinel/evil")));
                    }),
            confines("symlink with an absolute target then a file through it", b -> one(new TarBuilder()
                            .symlink("link", b.resolve("sentinel").toString()).file("link/evil", "x")),
                    (o, r, b) -> assertEquals("x", read(o.resolve(b.toString().substring(1)).resolve("sentinel/evil")))),
            confines("symlink two hops", b -> one(new TarBuilder()
                            .symlink("a", "b").symlink("b", "../../sentinel").file("a/evil", "x")),
                    (o, r, b) -> assertEquals("x", read(o.resolve("sentinel/evil")))),
            confines("symlink to / then a file through it", b -> one(new TarBuilder()
                            .symlink("rootlink", "/").file("rootlink/etc/evil", "x")),
                    (o, r, b) -> assertEquals("x", read(o.resolve("etc/evil")))),
            confines("symlink written over by a file", b -> one(new TarBuilder()
                            .symlink("link", "../sentinel/keep.txt").file("link", "mine")),
                    (o, r, b) -> {
                        assertFalse(isLink(o.resolve("link")));
                        assertEquals("mine", read(o.resolve("link")));
                    }),
            confines("symlink replaced by a directory entry with mode and mtime", b -> one(new TarBuilder()
                            .symlink("d", "../sentinel").dir("d", 0700)),
                    (o, r, b) -> {
                        assertFalse(isLink(o.resolve("d")));
                        assertEquals(0700, mode(o.resolve("d")));
                    }),
            confines("symlink entry with mode and mtime is not followed", b -> {
                        TarArchiveEntry e = new TarArchiveEntry("link", TarConstants.LF_SYMLINK, true);
                        e.setLinkName("../sentinel/keep.txt");
                        e.setMode(0000);
                        e.setModTime(FileTime.fromMillis(0));
                        return one(new TarBuilder().put(e, null));
                    },
                    (o, r, b) -> assertTrue(isLink(o.resolve("link")))),
            confines("directory entry through a symlink sets the inner directory",
                    b -> one(new TarBuilder().symlink("l", "../sentinel").dir("l/sub", 0700)),
                    (o, r, b) -> assertEquals(0700, mode(o.resolve("sentinel/sub")))),
            rejects("hardlink out of the root", "'..' component",
                    b -> one(new TarBuilder().hardlink("h", "../sentinel/keep.txt"))),
            rejects("hardlink to an absolute host file", "not a regular file already extracted",
                    b -> one(new TarBuilder().hardlink("h", b.resolve("sentinel/keep.txt").toString()))),
            rejects("hardlink through a symlinked directory", "not a regular file already extracted",
                    b -> one(new TarBuilder().symlink("d", b.resolve("sentinel").toString()).hardlink("h", "d/keep.txt"))),
            rejects("hardlink to a symlink", "not a regular file already extracted",
                    b -> one(new TarBuilder().symlink("s", "../sentinel/keep.txt").hardlink("h", "s"))),
            rejects("hardlink to a directory", "not a regular file already extracted",
                    b -> one(new TarBuilder().dir("d").hardlink("h", "d"))),
            rejects("hardlink to a missing file", "not a regular file already extracted",
                    b -> one(new TarBuilder().hardlink("h", "nothing"))),
            confines("hardlink to a file of a lower layer", b -> new byte[][] {
                        new TarBuilder().file("a", "lower").build(), new TarBuilder().hardlink("b", "a").build()},
                    (o, r, b) -> assertEquals("lower", read(o.resolve("b")))),
            rejects("root replaced by a symlink", "replace the root",
                    b -> one(new TarBuilder().symlink("./", "/"))),
            rejects("root replaced by a file", "replace the root", b -> one(new TarBuilder().pax("path", ".").file("placeholder", "x"))),
            confines("root directory entry gives the root its mode (set at commit, as umoci does)",
                    b -> one(new TarBuilder().dir("./", 0750).file("f", "x")),
                    (o, r, b) -> assertEquals(0750, mode(o))),
            confines("no root directory entry: the root is 0755",
                    b -> one(new TarBuilder().file("f", "x")),
                    (o, r, b) -> assertEquals(0755, mode(o))),
            with(confines("devices skipped when not root", b -> one(new TarBuilder()
                            .device("dev/null", TarConstants.LF_CHR, 1, 3).device("fifo", TarConstants.LF_FIFO, 0, 0)
                            .file("f", "x")),
                    (o, r, b) -> {
                        assertFalse(Files.exists(o.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS));
                        assertFalse(Files.exists(o.resolve("fifo"), LinkOption.NOFOLLOW_LINKS));
                        assertTrue(r.warnings().contains("device nodes and FIFOs skipped: not running as root"),
                                r.warnings().toString());
                    }), o -> o.withAssumeRoot(false).withDevices(true)),
            with(confines("devices skipped when not enabled", b -> one(new TarBuilder()
                            .device("dev/sda", TarConstants.LF_BLK, 8, 0)),
                    (o, r, b) -> assertFalse(Files.exists(o.resolve("dev/sda"), LinkOption.NOFOLLOW_LINKS))),
                    o -> o.withAssumeRoot(true).withDevices(false)),
            confines("setuid dropped by default", b -> one(new TarBuilder().file("su", "x", 04755)),
                    (o, r, b) -> {
                        assertEquals(0755, mode(o.resolve("su")));
                        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("setuid")));
                    }),
            with(confines("setuid kept on request", b -> one(new TarBuilder().file("su", "x", 06755)),
                    (o, r, b) -> assertEquals(06755, mode(o.resolve("su")))), o -> o.withKeepSpecialBits(true)),
            with(confines("owners skipped with one warning when not root", b -> one(new TarBuilder()
                            .owned("a", "x", 1000, 1000).owned("b", "y", 1001, 1001)),
                    (o, r, b) -> assertEquals(List.of("owners not restored: not running as root"), r.warnings())),
                    o -> o.withAssumeRoot(false)),
            rejects("empty whiteout name", "invalid whiteout '.wh.'", b -> one(new TarBuilder().file(".wh.", ""))),
            rejects("whiteout of dot", "invalid whiteout '.wh..'", b -> one(new TarBuilder().file("a/.wh..", ""))),
            rejects("whiteout of dotdot", "invalid whiteout '.wh...'", b -> one(new TarBuilder().file(".wh...", ""))),
            confines("whiteout through a symlink stays inside", b -> new byte[][] {
                        new TarBuilder().symlink("l", "../sentinel").build(),
                        new TarBuilder().file("l/.wh.keep.txt", "").build()},
                    (o, r, b) -> assertTrue(isLink(o.resolve("l")))),
            confines("opaque marker through a symlink stays inside", b -> new byte[][] {
                        new TarBuilder().symlink("l", b.resolve("sentinel").toString()).build(),
                        new TarBuilder().file("l/.wh..wh..opq", "").build()},
                    (o, r, b) -> assertTrue(isLink(o.resolve("l")))),
            confines("whiteout of a missing name is a no-op", b -> one(new TarBuilder().file(".wh.nothing", "")
                            .file("f", "x")),
                    (o, r, b) -> assertEquals(Set.of("f"), names(o))),
            confines("AUFS metadata ignored", b -> one(new TarBuilder().dir(".wh..wh.plnk").file("f", "x")),
                    (o, r, b) -> assertEquals(Set.of("f"), names(o))),
            confines("duplicate file: the later wins", b -> one(new TarBuilder().file("a", "one").file("a", "two")),
                    (o, r, b) -> assertEquals("two", read(o.resolve("a")))),
            confines("directory replaced by a file", b -> one(new TarBuilder().dir("a").file("a/child", "x")
                            .file("a", "file")),
                    (o, r, b) -> assertEquals("file", read(o.resolve("a")))),
            confines("file replaced by a symlink", b -> one(new TarBuilder().file("a", "x").symlink("a", "/etc/passwd")),
                    (o, r, b) -> assertEquals("/etc/passwd", Files.readSymbolicLink(o.resolve("a")).toString())),
            rejects("file below a file", "is not a directory", b -> one(new TarBuilder().file("f", "x").file("f/g", "y"))),
            rejects("symlink loop", "too many levels of symbolic links",
                    b -> one(new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "y"))),
            rejects("truncated content", "layer 1: entry 'big'", b -> {
                        byte[] t = new TarBuilder().file("big", new byte[100_000], 0644).build();
                        return new byte[][] {Arrays.copyOf(t, 50_000)};
                    }),
            rejects("truncated header", "layer 1: truncated tar archive", b -> {
                        byte[] t = new TarBuilder().file("a", "x").file("b", "y").build();
                        return new byte[][] {Arrays.copyOf(t, 1024 + 300)};
                    }),
            with(rejects("size over the per-file limit", "outside 0..1024 (limit)", b -> one(new TarBuilder()
                            .file("big", new byte[4096], 0644))), o -> o.withLimits(o.limits().withMaxFileSize(1024))),
            rejects("overflowing octal size", "layer 1: entry 'a'", b -> {
                        byte[] t = new TarBuilder().file("a", "x").build();
                        return new byte[][] {TarBuilder.patchHeader(t, 0, 124, "77777777777\0".getBytes(StandardCharsets.US_ASCII))};
                    }),
            rejects("negative base-256 size", "layer 1", b -> {
                        byte[] t = new TarBuilder().file("a", "x").build();
                        byte[] neg = new byte[12];
                        Arrays.fill(neg, (byte) 0xff);
                        return new byte[][] {TarBuilder.patchHeader(t, 0, 124, neg)};
                    }),
            with(rejects("huge PAX header", "entry headers larger than 65536 bytes (limit)", b -> one(new TarBuilder()
                            .pax("path", "x".repeat(2_000_000)).file("short", "y"))),
                    o -> o.withLimits(o.limits().withMaxHeaderBytes(65536).withMaxPathLength(10_000_000))),
            rejects("name over the path limit", "longer than 4096 characters (limit)",
                    b -> one(new TarBuilder().file("d/".repeat(3000) + "f", "y"))),
            rejects("symlink target over the path limit", "symlink target longer than 4096",
                    b -> one(new TarBuilder().symlink("l", "x".repeat(5000)))),
            with(rejects("gzip bomb", "layer 1: more than 1048576 bytes uncompressed (limit)",
                    b -> new byte[][] {TarBuilder.gzip(new TarBuilder().file("zeros", new byte[64 << 20], 0644).build())}),
                    o -> o.withLimits(o.limits().withMaxTotalBytes(1 << 20))),
            with(rejects("bomb spread over layers", "layer 2: more than 1048576 bytes uncompressed (limit)",
                    b -> new byte[][] {new TarBuilder().file("a", new byte[700_000], 0644).build(),
                            new TarBuilder().file("b", new byte[700_000], 0644).build()}),
                    o -> o.withLimits(o.limits().withMaxTotalBytes(1 << 20))),
            with(rejects("too many entries", "layer 1: more than 10 entries (limit)", b -> {
                        TarBuilder t = new TarBuilder();
                        for (int i = 0; i < 20; i++) {
                            t.file("f" + i, "");
                        }
                        return one(t);
                    }), o -> o.withLimits(o.limits().withMaxEntries(10))),
            confines("deep directories", b -> one(new TarBuilder().file("d/".repeat(400) + "leaf", "deep")),
                    (o, r, b) -> assertEquals("deep", read(o.resolve("d/".repeat(400) + "leaf")))),
            confines("trailing data after the tar end", b -> {
                        byte[] t = new TarBuilder().file("a", "x").build();
                        byte[] junk = "trailing garbage that is not a tar header".repeat(50).getBytes(StandardCharsets.US_ASCII);
                        byte[] all = Arrays.copyOf(t, t.length + junk.length);
                        System.arraycopy(junk, 0, all, t.length, junk.length);
                        return new byte[][] {all};
                    },
                    (o, r, b) -> assertEquals("x", read(o.resolve("a")))),
            rejects("not a tar at all", "layer 1", b -> new byte[][] {
                    "this is not a tar archive, just text ".repeat(40).getBytes(StandardCharsets.US_ASCII)}),
            rejects("unsupported entry type", "unsupported entry type",
                    b -> one(new TarBuilder().put(entryOfType("weird", (byte) 'Z'), null)))
        ).map(Arguments::of);
    }

    static TarArchiveEntry entryOfType(String name, byte type) {
        return new TarArchiveEntry(name, type, true);
    }

    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** Export reads the same layers without writing a tree: it fails cleanly or succeeds, never crashes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportOfHostileLayer(Case c) throws IOException {
        TestImage image = TestImage.of(c.layers.apply(base));
        UnpackLimits limits = c.options.apply(UnpackOptions.defaults()).limits();
        Path target = base.resolve("out.tar");
        try {
            Exporter.export(image, image.node, target, limits);
            assertTrue(Files.isRegularFile(target));
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith("layer "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(Set.of("sentinel"), names(base), "partial output left");
        } catch (RuntimeException e) {
            fail("runtime exception escaped: " + e, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileLayer(Case c) throws IOException {
        Map<String, String> before = TreeSnapshot.of(sentinel);
        TestImage image = TestImage.of(c.layers.apply(base));
        UnpackOptions options = c.options.apply(UnpackOptions.defaults());
        UnpackReport report = null;
        IOException error = null;
        try {
            report = Unpacker.unpack(image, image.node, out, options);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            fail("runtime exception escaped: " + e, e);
        }
        assertEquals(before, TreeSnapshot.of(sentinel), "sentinel changed");
        if (c.error != null) {
            assertNotNull(error, "expected an error containing: " + c.error);
            assertTrue(error.getMessage().contains(c.error), error.getMessage());
            assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
            assertEquals(Set.of("sentinel"), names(base), "partial output left");
        } else {
            if (error != null) {
                fail("unexpected error: " + error.getMessage(), error);
            }
            assertEquals(Set.of("sentinel", "out"), names(base));
            c.check.verify(out, report, base);
        }
    }
}
