package dev.ociconv.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.cli.Main;
import dev.ociconv.registry.testing.LocalRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry:2 image of the tests, built offline by {@code ociconv build} (nothing can be
 * pulled here): Debian's {@code docker-registry} program (the code of the registry:2 image), the
 * shared libraries {@code ldd} says it needs, and a default config, tagged {@link #NAME} and
 * loaded into the engine unless an image with the same ID is already there. Built once per JVM;
 * the build is reproducible ({@code --time}), so the same binary gives the same image ID.
 */
public final class RegistryImage {
    public static final String NAME = "ociconv-test/registry:2";
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x[0-9a-f]+\\)");
    private static String loadedId;

    private RegistryImage() {
    }

    /** Builds and loads the image if the engine does not have it yet; returns its image ID. */
    public static synchronized String ensureLoaded() throws IOException {
        if (loadedId != null) {
            return loadedId;
        }
        Path dir = Files.createTempDirectory("ociconv-registry-image-");
        try {
            Path tar = build(dir);
            String id = imageId(tar);
            String present;
            try {
                present = DockerEngine.client().inspectImageCmd(NAME).exec().getId();
            } catch (RuntimeException notThere) {
                present = null;
            }
            if (!id.equals(present)) {
                try (InputStream in = Files.newInputStream(tar)) {
                    DockerEngine.client().loadImageCmd(in).exec();
                }
                String loaded = DockerEngine.client().inspectImageCmd(NAME).exec().getId();
                if (!id.equals(loaded)) {
                    throw new IOException("docker load of " + NAME + " gave image " + loaded + ", expected " + id);
                }
            }
            loadedId = id;
            return id;
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path build(Path dir) throws IOException {
        Path binary = LocalRegistry.BINARY.toRealPath();
        Path config = Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "storage:",
                "  filesystem:",
                "    rootdirectory: /var/lib/registry",
                "http:",
                "  addr: 127.0.0.1:5000",
                ""));
        List<String> args = new ArrayList<>(List.of("build", "--time", "2024-01-01T00:00:00Z",
                "--add", binary + ":/bin/registry"));
        for (Path lib : libraries(binary)) {
            args.addAll(List.of("--add", lib.toRealPath() + ":" + lib));
        }
        args.addAll(List.of("--add", config + ":/etc/docker/registry/config.yml",
                "--label", "org.opencontainers.image.description=registry:2 for ociconv's tests, from " + binary,
                "--entrypoint", "/bin/registry", "--cmd", "serve", "/etc/docker/registry/config.yml",
                "--tag", NAME, "-q", "-o", dir.resolve("registry.tar").toString()));
        int exit = Main.run(args.toArray(new String[0]));
        if (exit != 0) {
            throw new IOException("ociconv build of " + NAME + " failed (exit " + exit + "): " + args);
        }
        return dir.resolve("registry.tar");
    }

    /** The shared libraries {@code ldd BINARY} lists (the loader included), as absolute paths. */
    static Set<Path> libraries(Path binary) throws IOException {
        Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                // a static binary: ldd says "not a dynamic executable", and needs nothing
                return Set.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        Set<Path> libs = new LinkedHashSet<>();
        Matcher m = LIBRARY.matcher(out);
        while (m.find()) {
            libs.add(Path.of(m.group(1)));
        }
        return libs;
    }

    private static String imageId(Path tar) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("manifest.json")) {
                    byte[] manifest = dev.ociconv.model.content.BoundedReads.readAtMost(in, 1 << 20, tar + ": manifest.json");
                    String config = new ObjectMapper().readTree(manifest).path(0).path("Config").asText();
                    return "sha256:" + config.replaceFirst("^blobs/sha256/", "").replaceFirst("\\.json$", "");
                }
            }
        }
        throw new IOException(tar + ": no manifest.json");
    }
}
