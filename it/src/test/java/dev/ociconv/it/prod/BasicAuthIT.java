package dev.ociconv.it.prod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A registry with htpasswd Basic auth: credentials from each source, and wrong ones. */
class BasicAuthIT {
    @TempDir
    static Path tmp;
    static ProdRegistry registry;
    static Path image;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ProdRegistry.isAvailable(), "docker-registry is not installed");
        Path htpasswd = Htpasswd.write(tmp.resolve("htpasswd"), Map.of("alice", "s3cret-alice"));
        registry = ProdRegistry.start(ProdRegistry.Config.plain().htpasswd(htpasswd));
        image = Images.archive(tmp, "basic", 2, 21);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    static String authJson(String host, String user, String pass) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    void pushAndPull(Cli cli, String repo, String... flags) throws Exception {
        String ref = registry.hostPort() + "/" + repo + ":1";
        Cli.Result push = cli.ociconv(Interop.concat(List.of("push"), List.of(flags), List.of(image.toString(), ref)));
        assertEquals(0, push.exit(), push.toString());
        Path out = tmp.resolve("pulled-" + repo.replace('/', '-'));
        Cli.Result pull = cli.ociconv(Interop.concat(List.of("pull", "--to", "oci"), List.of(flags), List.of(ref, out.toString())));
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(push.wroteDigest(), Images.layoutManifestDigest(out));
    }

    @Test
    void credsFlagAndSkopeoBothWays() throws Exception {
        String creds = "alice:s3cret-alice";
        pushAndPull(Cli.in(tmp), "basic/creds", "--creds", creds);
        Interop.bothWays(Cli.in(tmp), tmp, image, registry.hostPort() + "/basic/skopeo", List.of("--creds", creds),
                List.of("--src-creds", creds, "--src-tls-verify=false"), List.of("--dest-creds", creds, "--dest-tls-verify=false"),
                List.of("--creds", creds, "--tls-verify=false"));
    }

    @Test
    void authFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("auth.json"), authJson(registry.hostPort(), "alice", "s3cret-alice"));
        pushAndPull(Cli.in(tmp), "basic/authfile", "--authfile", file.toString());
    }

    @Test
    void dockerConfigInHome() throws Exception {
        Path home = tmp.resolve("home-config");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), authJson(registry.hostPort(), "alice", "s3cret-alice"));
        // $HOME decides, as for docker, skopeo and crane; Java's user.home (the passwd entry) is elsewhere
        Path passwdHome = Files.createDirectories(tmp.resolve("passwd-home"));
        pushAndPull(Cli.in(tmp).home(home).userHome(passwdHome), "basic/home");
    }

    @Test
    void credentialHelperOnPath() throws Exception {
        Path home = tmp.resolve("home-helper");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"),
                "{\"credHelpers\":{\"" + registry.hostPort() + "\":\"ocitest\"}}");
        Path bin = Files.createDirectories(tmp.resolve("helper-bin"));
        Path log = tmp.resolve("helper.log");
        Path helper = bin.resolve("docker-credential-ocitest");
        // The helper protocol: "get" on argv, the server URL on stdin, JSON on stdout.
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread url\necho \"$url\" >> " + log + "\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"s3cret-alice\"}' \"$url\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli cli = Cli.in(tmp).home(home).env("PATH", bin + ":" + System.getenv("PATH"));
        pushAndPull(cli, "basic/helper");
        assertTrue(Files.readString(log).contains(registry.hostPort()), "the helper was asked for the registry");
    }

    @Test
    void wrongCredentialsGiveOneClearLine() throws Exception {
        Cli.Result r = Cli.in(tmp).ociconv("push", "--creds", "alice:not-THE-pw", image.toString(), registry.hostPort() + "/basic/denied:1");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("ociconv: error: ") && line.contains("401"), line);
        assertFalse(line.contains("not-THE-pw"), "the password is not echoed: " + line);
    }

    @Test
    void noCredentialsGiveOneClearLine() throws Exception {
        Cli.Result r = Cli.in(tmp).ociconv("pull", registry.hostPort() + "/basic/creds:1", tmp.resolve("anon.tar").toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("401"), r.toString());
        assertFalse(Files.exists(tmp.resolve("anon.tar")), "no output left behind");
    }
}
