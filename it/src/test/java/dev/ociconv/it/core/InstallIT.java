package dev.ociconv.it.core;

import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user installs, as the build made it: the Debian package (read by dpkg-deb, unpacked as
 * dpkg would, its launcher run, a conversion made with it) and the release tarball (extracted
 * into a prefix, run through a symlink on PATH, its completion script loaded by bash).
 */
class InstallIT {
    private static final Path TARGET = Path.of(System.getProperty("user.dir")).resolveSibling("converter").resolve("target");
    private static final String BUSYBOX = "legacy-busybox-docker19/busybox-docker.tar";

    @TempDir
    Path tmp;

    private static Path built(String glob) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> found = files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).toList();
            assertEquals(1, found.size(), "the build writes one " + glob + " in " + TARGET + ": " + found);
            return found.get(0);
        }
    }

    private static Processes.Result run(List<String> command) throws IOException {
        Processes.Result r = Processes.run(Duration.ofSeconds(120), command);
        assertEquals(0, r.exitCode(), command + ": " + r.stderr());
        return r;
    }

    @Test
    void theDebianPackageInstallsAWorkingOciconv() throws IOException {
        Path deb = built("ociconv_*_all.deb");
        String info = run(List.of("dpkg-deb", "--info", deb.toString())).out();
        assertTrue(info.contains("Package: ociconv") && info.contains("Architecture: all"), info);
        String contents = run(List.of("dpkg-deb", "--contents", deb.toString())).out();
        for (String path : List.of("./usr/bin/ociconv", "./usr/share/ociconv/ociconv.jar", "./usr/share/bash-completion/completions/ociconv",
                "./usr/share/doc/ociconv/copyright", "./usr/share/man/man1/ociconv.1", "./usr/share/man/man1/ociconv-copy.1")) {
            assertTrue(contents.contains(path), path + " in\n" + contents);
        }
        assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("./usr/bin/ociconv")), contents);

        Path root = tmp.resolve("root");
        run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        String version = run(List.of(root.resolve("usr/bin/ociconv").toString(), "--version")).out();
        assertTrue(version.startsWith("ociconv 0.1.0"), version);
        Path out = tmp.resolve("layout");
        run(List.of("env", "OCICONV_NO_CACHE=1", root.resolve("usr/bin/ociconv").toString(), "convert", "-q",
                Samples.sample(BUSYBOX).toString(), out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("index.json")));
    }

    @Test
    void theTarballRunsFromAPrefixThroughALinkOnPath() throws IOException {
        Path tarball = built("ociconv-*.tar.gz");
        Path prefix = Files.createDirectories(tmp.resolve(".local"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", prefix.toString(), "--strip-components=1"));
        Path onPath = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(onPath.resolve("ociconv"), prefix.resolve("bin/ociconv"));
        String version = run(List.of("sh", "-c", "PATH=" + onPath + ":$PATH ociconv --version")).out();
        assertTrue(version.startsWith("ociconv 0.1.0"), version);
        String completion = run(List.of("bash", "-c", "source " + prefix.resolve("share/bash-completion/completions/ociconv")
                + " && complete -p ociconv")).out();
        assertTrue(completion.contains("ociconv"), completion);
        assertTrue(Files.isRegularFile(prefix.resolve("share/doc/ociconv/LICENSE")));
        // the manual pages, found by man(1) under the prefix and rendered
        String page = run(List.of("sh", "-c", "MANPATH=" + prefix.resolve("share/man") + " MANWIDTH=80 man ociconv-copy | cat")).out();
        assertTrue(page.contains("ociconv-copy - Copy images") && page.contains("--dest-compress-format"), page);
    }

    /**
     * The installed launcher's start-up cache: the first command starts a training run in the
     * background (it does not wait for it), which leaves a per-user cache in XDG_CACHE_HOME — a
     * CDS archive on Java 17–24, an AOT cache on 25+ — that later runs use; OCICONV_NO_CACHE=1
     * and a lone --version run without it. Each Java gets its own.
     */
    @Test
    void theInstalledLauncherKeepsAStartUpCachePerJava() throws Exception {
        Path tarball = built("ociconv-*.tar.gz");
        Path prefix = Files.createDirectories(tmp.resolve("cached"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", prefix.toString(), "--strip-components=1"));
        Path cache = tmp.resolve("xdg-cache");
        Path sample = Samples.sample(BUSYBOX);
        List<String> javas = new java.util.ArrayList<>(List.of(System.getProperty("java.home")));
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(java25.resolve("bin/java"))) {
            javas.add(java25.toString());
        }
        for (String javaHome : javas) {
            String env = "XDG_CACHE_HOME=" + cache + " JAVA_HOME=" + javaHome + " ";
            run(List.of("sh", "-c", env + prefix.resolve("bin/ociconv") + " --version"));
            assertTrue(Files.notExists(cache.resolve("ociconv")) || !listCache(cache).contains(major(javaHome)),
                    "--version alone trains nothing");
            Path out1 = tmp.resolve("cached-out-" + major(javaHome));
            run(List.of("sh", "-c", env + prefix.resolve("bin/ociconv") + " convert -q " + sample + " " + out1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && !listCache(cache).matches("(?s).*ociconv-[0-9]+-[0-9]+-java" + major(javaHome)
                    + "\\.(jsa|aot)\\b.*")) {
                Thread.sleep(200);
            }
            String files = listCache(cache);
            assertTrue(files.matches("(?s).*ociconv-[0-9]+-[0-9]+-java" + major(javaHome) + "\\.(jsa|aot)\\b.*"), files);
            assertTrue(files.contains(major(javaHome).equals("25") ? ".aot" : ".jsa"), files);
            Path out2 = tmp.resolve("cached-out2-" + major(javaHome));
            run(List.of("sh", "-c", env + prefix.resolve("bin/ociconv") + " convert -q " + sample + " " + out2));
            assertEquals(-1L, Files.mismatch(out1.resolve("index.json"), out2.resolve("index.json")), "the same result with the cache");
        }
    }

    private static String major(String javaHome) throws IOException {
        return Files.readAllLines(Path.of(javaHome, "release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                .map(l -> l.replaceAll("JAVA_VERSION=\"([0-9]+).*", "$1")).findFirst().orElseThrow();
    }

    private static String listCache(Path cache) throws IOException {
        Path dir = cache.resolve("ociconv");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return String.join("\n", s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * {@code dpkg -i} of the package on this machine, as a user installs it (root only, and only
     * where no ociconv package is installed already: the test removes what it installed).
     */
    @Test
    void dpkgInstallsAndRemovesThePackage() throws IOException {
        Path deb = built("ociconv_*_all.deb");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "dpkg -i needs root (CI runs as root)");
        Processes.Result status = Processes.run(Duration.ofSeconds(30), List.of("dpkg-query", "-W", "-f=${Status}", "ociconv"));
        org.junit.jupiter.api.Assumptions.assumeFalse(status.exitCode() == 0 && status.out().contains("installed"),
                "an ociconv package is installed on this machine already; not replacing it");
        run(List.of("dpkg", "-i", deb.toString()));
        try {
            String version = run(List.of("/usr/bin/ociconv", "--version")).out();
            assertTrue(version.startsWith("ociconv 0.1.0"), version);
            Path out = tmp.resolve("installed-layout");
            run(List.of("env", "OCICONV_NO_CACHE=1", "/usr/bin/ociconv", "convert", "-q", Samples.sample(BUSYBOX).toString(),
                    out.toString()));
            assertTrue(Files.isRegularFile(out.resolve("index.json")));
            assertTrue(run(List.of("man", "-w", "ociconv-mirror")).out().strip().endsWith("man1/ociconv-mirror.1"));
        } finally {
            run(List.of("dpkg", "-r", "ociconv"));
        }
        assertTrue(Files.notExists(Path.of("/usr/bin/ociconv")), "removed");
    }
}
