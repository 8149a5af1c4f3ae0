package dev.ociconv.it.prod;

import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crane's verbs (digest, manifest, config, blob, catalog), skopeo's delete and the completion
 * script, run as a user runs them against a real registry; what they print is checked against
 * skopeo's reading of the same registry.
 */
class CraneVerbsIT {
    @TempDir
    static Path tmp;
    private static TestRegistry registry;
    private static Cli cli;
    private static byte[] manifest;
    private static byte[] config;

    @BeforeAll
    static void seed() throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        cli = Cli.in(tmp);
        Path file = Files.write(tmp.resolve("hello.txt"), "hello\n".getBytes());
        assertEquals(0, cli.ociconv("build", "-q", "--add", file + ":/hello.txt", "-o", registry.docker("crane/app:1")).exit());
        assertEquals(0, cli.ociconv("build", "-q", "--label", "doomed=yes", "--add", file + ":/hello.txt", "-o",
                registry.docker("crane/app:doomed")).exit());
        assertEquals(0, cli.ociconv("copy", "-q", registry.docker("crane/app:doomed"), registry.docker("crane/app:doomed-too")).exit());
        manifest = Skopeo.rawManifest(registry.docker("crane/app:1"));
        config = Skopeo.rawConfig(registry.docker("crane/app:1"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    private static byte[] stdout(String... args) throws IOException {
        Path out = Files.createTempFile(tmp, "stdout-", "");
        Cli.Result r = cli.ociconvToFile(out, args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r);
        return Files.readAllBytes(out);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "manifest | bare      ",
            "manifest | docker:// ",
            "config   | bare      ",
            "digest   | bare      ",
    })
    void verbsPrintWhatTheRegistryHolds(String verb, String form) throws IOException {
        String ref = form.equals("bare") ? registry.ref("crane/app:1") : registry.docker("crane/app:1");
        byte[] out = stdout(verb, ref);
        switch (verb) {
            case "manifest" -> assertArrayEquals(manifest, out);
            case "config" -> assertArrayEquals(config, out);
            default -> assertEquals(Digest.sha256(manifest) + "\n", new String(out));
        }
    }

    @Test
    void blobStreamsTheBytesOfADigestAndCatalogListsTheRepository() throws IOException {
        Digest configDigest = Digest.sha256(config);
        assertArrayEquals(config, stdout("blob", registry.ref("crane/app") + "@" + configDigest));
        Cli.Result missing = cli.ociconv("blob", registry.ref("crane/app") + "@sha256:" + "0".repeat(64));
        assertEquals(1, missing.exit(), missing.toString());
        if (registry.isLocal()) {
            assertTrue(new String(stdout("catalog", registry.hostPort())).lines().anyMatch(l -> l.equals("crane/app")));
        }
    }

    @Test
    void deleteRemovesTheManifestByItsTagsDigest() throws IOException {
        Digest doomed = Digest.sha256(Skopeo.rawManifest(registry.docker("crane/app:doomed")));
        Cli.Result deleted = cli.ociconv("delete", registry.docker("crane/app:doomed"));
        assertEquals(0, deleted.exit(), deleted.toString());
        assertTrue(deleted.out().startsWith("deleted " + registry.ref("crane/app") + "@" + doomed), deleted.out());
        // the manifest went with every tag that named it; the other image stays
        assertEquals(1, cli.skopeo("inspect", "--tls-verify=false", "--raw", registry.docker("crane/app:doomed-too")).exit());
        assertEquals(0, cli.skopeo("inspect", "--tls-verify=false", "--raw", registry.docker("crane/app:1")).exit());
        Cli.Result again = cli.ociconv("delete", registry.docker("crane/app:doomed"));
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().contains("no such"), again.err());
    }

    /** skopeo's --preserve-digests: plain layers go to the registry as they are; a change of digest is refused. */
    @Test
    void preserveDigestsPushesPlainLayersAsTheyAre() throws IOException {
        Path layout = tmp.resolve("plain");
        assertEquals(0, cli.ociconv("build", "-q", "--compress", "none", "--add", tmp.resolve("hello.txt") + ":/hello.txt",
                "-o", "oci:" + layout + ":1").exit());
        String digest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(layout.resolve("index.json").toFile())
                .get("manifests").get(0).get("digest").asText();
        Cli.Result kept = cli.ociconv("copy", "-q", "--preserve-digests", "oci:" + layout + ":1", registry.docker("crane/plain:1"));
        assertEquals(0, kept.exit(), kept.toString());
        assertEquals(digest, Digest.sha256(Skopeo.rawManifest(registry.docker("crane/plain:1"))).toString());
        Cli.Result refused = cli.ociconv("copy", "-q", "--preserve-digests", "--compress", "gzip", "oci:" + layout + ":1",
                registry.docker("crane/plain:gz"));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--preserve-digests refuses to change a digest"), refused.err());
        assertEquals(1, cli.skopeo("inspect", "--tls-verify=false", "--raw", registry.docker("crane/plain:gz")).exit(), "no tag written");
    }

    @Test
    void completionCoversEveryCommand() throws IOException {
        String script = new String(stdout("completion", "bash"));
        for (String command : new String[] {"mirror", "copy", "digest", "delete", "completion"}) {
            assertTrue(script.contains(command), command);
        }
        Path file = Files.writeString(tmp.resolve("completion.bash"), script);
        var bash = dev.ociconv.it.support.Processes.run(java.time.Duration.ofSeconds(30),
                java.util.List.of("bash", "-c", "source " + file + " && complete -p ociconv"));
        assertEquals(0, bash.exitCode(), bash.stderr());
        assertTrue(bash.out().contains("ociconv"), bash.out());
    }
}
