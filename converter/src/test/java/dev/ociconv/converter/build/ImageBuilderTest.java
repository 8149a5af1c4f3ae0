package dev.ociconv.converter.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.transport.LayerRef;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBuilderTest {
    static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    ImageBuilder builder;
    Path hello;

    @BeforeEach
    void setUp() throws IOException {
        builder = new ImageBuilder(new Transports.OpenContext(InputStream.nullInputStream(), tmp, dev.ociconv.model.content.Limits.DEFAULT,
                dev.ociconv.registry.RegistryOptions.defaults()));
        hello = file(tmp.resolve("in/hello.txt"), "Hello, world!\n");
    }

    @Test
    void scratchImageHasOneLayerWithJustTheFileAndADockerStyleConfig() throws IOException {
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))).withTime(T);
        try (BuiltImage image = builder.build(spec)) {
            assertEquals(1, image.layers().size());
            List<TarArchiveEntry> entries = entries(image, image.layers().get(0));
            assertEquals(List.of("hello.txt"), names(entries));
            TarArchiveEntry e = entries.get(0);
            assertEquals(0, e.getLongUserId());
            assertEquals(0, e.getLongGroupId());
            assertEquals("", e.getUserName());
            assertEquals("", e.getGroupName());
            assertEquals(0644, e.getMode() & 07777);
            assertEquals(T, e.getModTime().toInstant());

            JsonNode c = Json.parseTree(image.config().bytes(), "config");
            assertEquals(List.of("architecture", "config", "created", "history", "os", "rootfs"), fieldNames(c));
            assertEquals("2024-01-01T00:00:00Z", c.get("created").asText());
            assertEquals("linux", c.get("os").asText());
            assertEquals("amd64", c.get("architecture").asText());
            assertEquals(ConfigAuthor.DEFAULT_PATH, c.at("/config/Env/0").asText());
            Digest diffId = image.layers().get(0).diffId();
            assertEquals(diffId.toString(), c.at("/rootfs/diff_ids/0").asText());
            String contentHash = Digest.sha256("Hello, world!\n".getBytes(StandardCharsets.UTF_8)).hex();
            assertEquals("/bin/sh -c #(nop) ADD file:" + contentHash + " in /hello.txt ", c.at("/history/0/created_by").asText());
            assertEquals("2024-01-01T00:00:00Z", c.at("/history/0/created").asText());
            assertEquals(image.config().digest(), image.entries().get(0).root().digest());
        }
    }

    @Test
    void sameInputsAndTimeGiveTheSameLayerAndImageId() throws IOException {
        Path dir = tree();
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"), AddSpec.parse(dir + ":/app"))).withTime(T);
        Digest id1;
        List<Digest> diffs1;
        try (BuiltImage a = builder.build(spec)) {
            id1 = a.config().digest();
            diffs1 = a.diffIds();
        }
        Files.setLastModifiedTime(dir.resolve("b.txt"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        try (BuiltImage b = builder.build(spec)) {
            assertEquals(id1, b.config().digest());
            assertEquals(diffs1, b.diffIds());
        }
        try (BuiltImage c = builder.build(spec.withTime(T.plusSeconds(1)))) {
            assertNotEquals(id1, c.config().digest());
            assertNotEquals(diffs1, c.diffIds());
        }
    }

    @Test
    void withoutAFixedTimeFilesKeepTheirOwnMtimes() throws IOException {
        Instant old = Instant.parse("2010-05-06T07:08:09Z");
        Files.setLastModifiedTime(hello, FileTime.from(old.plusMillis(500)));
        try (BuiltImage image = builder.build(BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))))) {
            assertEquals(old, entries(image, image.layers().get(0)).get(0).getModTime().toInstant());
            JsonNode c = Json.parseTree(image.config().bytes(), "config");
            assertTrue(Instant.parse(c.get("created").asText()).isAfter(Instant.now().minusSeconds(60)));
        }
    }

    @Test
    void directoriesAreAddedRecursivelySortedWithParentsAndSymlinks() throws IOException {
        Path dir = tree();
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(dir + ":/usr/share/www"), AddSpec.parse(hello + ":/etc/deep/")))
                .withTime(T);
        try (BuiltImage image = builder.build(spec)) {
            List<TarArchiveEntry> www = entries(image, image.layers().get(0));
            assertEquals(List.of("usr/", "usr/share/", "usr/share/www/", "usr/share/www/a.txt", "usr/share/www/b.txt",
                    "usr/share/www/link", "usr/share/www/sub/", "usr/share/www/sub/c.sh"), names(www));
            TarArchiveEntry link = www.get(5);
            assertTrue(link.isSymbolicLink());
            assertEquals("b.txt", link.getLinkName());
            assertEquals(0755, www.get(7).getMode() & 07777, "modes come from the files");
            assertTrue(www.get(0).isDirectory());
            assertEquals(List.of("etc/", "etc/deep/", "etc/deep/hello.txt"), names(entries(image, image.layers().get(1))));
            JsonNode c = Json.parseTree(image.config().bytes(), "config");
            assertTrue(c.at("/history/0/created_by").asText().startsWith("/bin/sh -c #(nop) ADD dir:"
                    + image.layers().get(0).diffId().hex() + " in /usr/share/www"));
        }
    }

    @Test
    void fromABaseArchiveKeepsItsLayersAndConfigFieldsAndAppends() throws IOException {
        Path v1 = tmp.resolve("v1.tar");
        ImageBuilder.Result r1 = builder.buildTo(BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))).withTime(T)
                        .withLabels(Map.of("maintainer", "me")).withCmd(List.of("/hello")).withPlatform(null, "arm64", "v8"),
                v1.toString(), List.of("testuser/testimage:v1"), CopyOptions.defaults());
        Path hoge = file(tmp.resolve("in/hoge.txt"), "hogehoge\n");
        BuildSpec v2 = BuildSpec.scratch(List.of(AddSpec.parse(hoge + ":/hoge.txt"))).withTime(T.plusSeconds(60))
                .withFrom("docker-archive:" + v1 + ":testuser/testimage:v1");
        try (BuiltImage image = builder.build(v2)) {
            assertEquals(2, image.layers().size());
            assertEquals(r1.diffIds().get(0), image.diffIds().get(0));
            assertEquals(List.of("hoge.txt"), names(entries(image, image.layers().get(1))));
            assertEquals(List.of("hello.txt"), names(entries(image, image.layers().get(0))), "base layer read from the base");
            JsonNode c = Json.parseTree(image.config().bytes(), "config");
            assertEquals("arm64", c.get("architecture").asText());
            assertEquals("v8", c.get("variant").asText());
            assertEquals("me", c.at("/config/Labels/maintainer").asText());
            assertEquals("/hello", c.at("/config/Cmd/0").asText());
            assertEquals("2024-01-01T00:01:00Z", c.get("created").asText());
            assertEquals(4, c.get("history").size(), "ADD, LABEL, CMD of the base, then the new ADD");
            assertTrue(c.at("/history/1/empty_layer").asBoolean());
            assertTrue(c.at("/history/3/created_by").asText().endsWith(" in /hoge.txt "));
            assertEquals("2024-01-01T00:01:00Z", c.at("/history/3/created").asText());
            assertEquals(2, c.at("/rootfs/diff_ids").size());
        }
    }

    @Test
    void platformCanBeSetFromScratch() throws IOException {
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))).withTime(T)
                .withPlatform("windows", "arm64", null);
        try (BuiltImage image = builder.build(spec)) {
            JsonNode c = Json.parseTree(image.config().bytes(), "config");
            assertEquals("windows", c.get("os").asText());
            assertEquals("arm64", c.get("architecture").asText());
            assertFalse(c.has("config"), "no default PATH outside linux");
        }
    }

    @Test
    void stagedLayersAreDeletedOnClose() throws IOException {
        BuiltImage image = builder.build(BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))));
        assertEquals(1, countStaging());
        image.close();
        assertEquals(0, countStaging());
    }

    @Test
    void badAddsFailWithTheirPath() throws IOException {
        IOException missing = assertThrows(NoSuchFileException.class,
                () -> builder.build(BuildSpec.scratch(List.of(AddSpec.parse(tmp.resolve("nope.txt") + ":/x")))));
        assertTrue(missing.getMessage().contains("nope.txt"));
        assertEquals(0, countStaging(), "nothing left behind");
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().onExit().join().exitValue());
        IOException special = assertThrows(IOException.class,
                () -> builder.build(BuildSpec.scratch(List.of(AddSpec.parse(fifo + ":/x")))));
        assertTrue(special.getMessage().contains("not a regular file or directory"), special.getMessage());
        IOException badBase = assertThrows(IOException.class,
                () -> builder.build(BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/x"))).withFrom(tmp.resolve("none.tar").toString())));
        assertTrue(badBase.getMessage().contains("none.tar"), badBase.getMessage());
    }

    @Test
    void dockerArchiveOutputIsByteIdenticalAcrossBuilds() throws IOException {
        Path dir = tree();
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"), AddSpec.parse(dir + ":/app"))).withTime(T);
        for (String form : List.of("docker-archive:", "docker25:", "oci-archive:")) {
            Path a = tmp.resolve("a-" + form.replace(":", "") + ".tar");
            Path b = tmp.resolve("b-" + form.replace(":", "") + ".tar");
            builder.buildTo(spec, form + a, List.of("testuser/testimage:v1"), CopyOptions.defaults());
            builder.buildTo(spec, form + b, List.of("testuser/testimage:v1"), CopyOptions.defaults());
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), form);
        }
        Path plain = tmp.resolve("plain.tar");
        builder.buildTo(spec, plain.toString(), List.of("testuser/testimage:v1"), CopyOptions.defaults());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a-docker-archive.tar")), Files.readAllBytes(plain),
                "a plain path is a docker save archive");
    }

    private long countStaging() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> dev.ociconv.converter.io.TempFiles.isTempName(p.getFileName().toString())).count();
        }
    }

    /** a.txt, b.txt, link -> b.txt, sub/c.sh (0755), created in an order unlike the sorted one. */
    private Path tree() throws IOException {
        Path dir = tmp.resolve("in/site");
        Files.createDirectories(dir.resolve("sub"));
        file(dir.resolve("sub/c.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("sub/c.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        file(dir.resolve("b.txt"), "b");
        file(dir.resolve("a.txt"), "a");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("b.txt"));
        return dir;
    }

    static Path file(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    private static List<TarArchiveEntry> entries(BuiltImage image, LayerRef layer) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (InputStream in = image.openLayer(layer); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.add(e);
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return out;
    }

    private static List<String> names(List<TarArchiveEntry> entries) {
        return entries.stream().map(TarArchiveEntry::getName).toList();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
