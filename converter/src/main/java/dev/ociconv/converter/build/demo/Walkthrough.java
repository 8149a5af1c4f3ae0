package dev.ociconv.converter.build.demo;

import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.build.AddSpec;
import dev.ociconv.converter.build.BuildSpec;
import dev.ociconv.converter.build.ImageBuilder;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.transport.DockerArchiveTransport;
import dev.ociconv.converter.transport.OciLayoutTransport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ociconv demo}: the {@code docker save} walk-through, re-enacted offline with the
 * library. Builds {@code testuser/testimage:v1} (hello.txt) and v2 (v1 + hoge.txt), saves both,
 * shows their trees and v2's {@code manifest.json}, explains why the hello.txt layer's directory
 * got another name, converts both to OCI layouts and shows those.
 *
 * <p>Every build uses {@link #TIME}, so the image IDs and directory names are the same on every
 * run and machine (and in the README).
 */
public final class Walkthrough {
    /** The fixed build time of the demo images: hashes shown are stable. */
    public static final Instant TIME = Instant.parse("2024-01-01T00:00:00Z");

    /** What the demo wrote, for callers and tests. */
    public record Outcome(Path dir, Digest v1ImageId, Digest v2ImageId, String helloDirInV1, String helloDirInV2,
                          Digest helloDiffId) {
    }

    private static final CopyOptions NO_PROGRESS = CopyOptions.defaults();

    private final PrintWriter out;
    private final Transports.OpenContext ctx;

    public Walkthrough(PrintWriter out, Transports.OpenContext ctx) {
        this.out = out;
        this.ctx = ctx;
    }

    /** Runs the demo in {@code dir}, which must be empty or absent. */
    public Outcome run(Path dir) throws IOException {
        prepare(dir);
        ImageBuilder builder = new ImageBuilder(ctx);
        out.printf("ociconv demo: the docker save walk-through, offline, without Docker, in %s%n", dir);
        out.printf("Images are built at the fixed time %s, so every hash below is the same on each run.%n", TIME);

        heading("1. A file to put in an image");
        Path hello = write(dir.resolve("hello.txt"), "Hello, world!\n");
        out.println("$ echo 'Hello, world!' > hello.txt");

        heading("2. Build testuser/testimage:v1 and save it as testimage.tar");
        out.println("What Docker would do:      Dockerfile: FROM scratch / ADD hello.txt /hello.txt");
        out.println("                           $ docker build -t testuser/testimage:v1 . && docker save testuser/testimage:v1 -o testimage.tar");
        out.println("What ociconv does here:    $ ociconv build --time " + TIME
                + " --add hello.txt:/hello.txt --tag testuser/testimage:v1 -o testimage.tar");
        Path v1Tar = dir.resolve("testimage.tar");
        BuildSpec v1 = BuildSpec.scratch(List.of(new AddSpec(hello, "/hello.txt"))).withTime(TIME);
        ImageBuilder.Result r1 = builder.buildTo(v1, v1Tar.toString(), List.of("testuser/testimage:v1"), NO_PROGRESS);
        out.printf("image ID %s%n", r1.imageId());

        heading("3. Inside testimage.tar (one layer: hello.txt)");
        tree(FileTree.ofTar(v1Tar), "testimage.tar", "as extracted");

        heading("4. Build v2 = v1 + hoge.txt and save it as testimage2.tar");
        Path hoge = write(dir.resolve("hoge.txt"), "hogehoge\n");
        out.println("$ echo hogehoge > hoge.txt");
        out.println("What Docker would do:      Dockerfile: FROM testuser/testimage:v1 / ADD hoge.txt /hoge.txt");
        out.println("What ociconv does here:    $ ociconv build --time " + TIME
                + " --from testimage.tar --add hoge.txt:/hoge.txt --tag testuser/testimage:v2 -o testimage2.tar");
        Path v2Tar = dir.resolve("testimage2.tar");
        BuildSpec v2 = BuildSpec.scratch(List.of(new AddSpec(hoge, "/hoge.txt"))).withTime(TIME)
                .withFrom("docker-archive:" + v1Tar);
        ImageBuilder.Result r2 = builder.buildTo(v2, v2Tar.toString(), List.of("testuser/testimage:v2"), NO_PROGRESS);
        out.printf("image ID %s%n", r2.imageId());

        heading("5. Inside testimage2.tar (two layers: hello.txt, then hoge.txt)");
        tree(FileTree.ofTar(v2Tar), "testimage2.tar", "as extracted");
        SavedArchive s1 = SavedArchive.read(v1Tar);
        SavedArchive s2 = SavedArchive.read(v2Tar);
        out.println();
        out.println("$ cat manifest.json");
        out.println(new String(s2.manifestJson(), StandardCharsets.UTF_8));
        out.println("\"Layers\" lists the layers bottom-up (the first is the lowest):");
        List<String> files = List.of("hello.txt", "hoge.txt");
        for (int i = 0; i < s2.layerDirs().size(); i++) {
            out.printf("  %d. %s/layer.tar  holds %s  diffID %s%n", i + 1, s2.layerDirs().get(i), files.get(i),
                    r2.diffIds().get(i).shortHex());
        }

        heading("6. Why did the hello.txt layer's directory get another name?");
        LayerIdStory.Told told = LayerIdStory.tell(s1, s2, 0, "hello.txt", out);

        heading("7. The same images as OCI image layouts");
        out.println("$ ociconv convert testimage.tar testimage-oci && ociconv convert testimage2.tar testimage2-oci");
        Path oci1 = dir.resolve("testimage-oci");
        Path oci2 = dir.resolve("testimage2-oci");
        Ociconv.copy(new TransportRef(
                        DockerArchiveTransport.LEGACY, v1Tar.toString(), Optional.empty()),
                oci(oci1), NO_PROGRESS, ctx);
        Ociconv.copy(new TransportRef(
                        DockerArchiveTransport.LEGACY, v2Tar.toString(), Optional.empty()),
                oci(oci2), NO_PROGRESS, ctx);
        tree(FileTree.ofDirectory(oci1), "testimage-oci", "a directory");
        out.println();
        tree(FileTree.ofDirectory(oci2), "testimage2-oci", "a directory");
        out.println();
        out.printf("An OCI layout has no v1 IDs: blobs are named by their digest. The hello.txt layer is%n");
        out.printf("blobs/sha256/%s in both layouts%n", told.diffId().hex());
        out.println("(stored uncompressed, so its digest is its diffID); only the config and manifest differ.");

        heading("Done");
        out.printf("Everything was written to %s:%n", dir);
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().forEach(n -> out.println("  " + n));
        }
        out.flush();
        return new Outcome(dir, r1.imageId(), r2.imageId(), told.topId(), told.lowerId(), told.diffId());
    }

    private static TransportRef oci(Path dir) {
        return new TransportRef(OciLayoutTransport.DIRECTORY,
                dir.toString(), Optional.empty());
    }


    /** Deletes a demo folder and everything in it. */
    public static void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new java.nio.file.NotDirectoryException(dir.toString());
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(dir + ": not empty; the demo writes into an empty or new directory");
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** Writes a demo file with mode 0644 whatever the umask: the mode is in the layer, and so in every hash. */
    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the layer writer uses 0644 then anyway
        }
        return file;
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title + " ==");
    }

    private void tree(FileTree tree, String name, String what) {
        out.println("$ tree " + name + "   (" + what + ")");
        tree.render(name).forEach(out::println);
    }
}
