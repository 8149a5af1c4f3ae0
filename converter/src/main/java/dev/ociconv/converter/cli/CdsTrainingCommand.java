package dev.ociconv.converter.cli;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A hidden command the launcher runs once after building the jar, under
 * {@code -XX:ArchiveClassesAtExit}: it converts a tiny image through the main paths (docker save
 * to OCI, gzip, OCI archive, back to docker save, inspect, push and pull through a registry in
 * memory), so the classes they load land in the
 * class-data sharing archive and later runs start faster. It leaves nothing behind.
 */
@Command(name = "cds-training", hidden = true, description = "Exercise the main paths once (for the launcher's CDS archive).")
final class CdsTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("ociconv-cds-");
        PrintStream stdout = System.out;
        try {
            Path saved = dir.resolve("tiny.tar");
            writeTinyArchive(saved);
            String s = saved.toString();
            String d = dir.toString();
            // Output is discarded: only the classes loaded matter.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            int rc = Main.run("convert", s, d + "/oci")
                    | Main.run("convert", "--compress", "gzip", s, d + "/oci-gz")
                    | Main.run("convert", "--to", "oci-archive", d + "/oci-gz", d + "/oci.tar")
                    | Main.run("convert", "--to", "docker-archive", d + "/oci.tar", d + "/back.tar")
                    | Main.run("copy", "oci:" + d + "/oci-gz", "docker25:" + d + "/d25.tar")
                    | Main.run("inspect", d + "/back.tar")
                    | registryRoundTrip(s, d);
            return rc == 0 ? 0 : 1;
        } finally {
            System.setOut(stdout);
            deleteTree(dir);
        }
    }

    /** Push and pull through an in-memory registry: the HTTP client's classes go into the archive too. */
    private static int registryRoundTrip(String saved, String dir) throws IOException {
        try (TrainingRegistry registry = new TrainingRegistry()) {
            String ref = "docker://" + registry.hostPort() + "/cds/training:latest";
            return Main.run("copy", "-q", saved, ref)
                    | Main.run("copy", "-q", ref, "oci:" + dir + "/pulled")
                    | Main.run("copy", "-q", ref, "docker-archive:" + dir + "/pulled.tar");
        }
    }

    /** A one-layer legacy docker save archive, written with Commons Compress only. */
    static void writeTinyArchive(Path target) throws IOException {
        byte[] layer = tar(out -> add(out, "etc/motd", "trained\n".getBytes(StandardCharsets.UTF_8)));
        String diffId = "sha256:" + sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = sha256(config) + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"cds/training:latest\"],"
                + "\"Layers\":[\"layer/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8);
        Files.write(target, tar(out -> {
            add(out, "layer/layer.tar", layer);
            add(out, configName, config);
            add(out, "manifest.json", manifest);
        }));
    }

    private interface TarBody {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            body.write(out);
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
