package dev.ociconv.registry.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialStoreTest {
    @TempDir
    Path tmp;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, String json) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
        return p;
    }

    private CredentialHelper noHelpers() {
        return new CredentialHelper(tmp.resolve("bin").toString(), Duration.ofSeconds(5));
    }

    @Test
    void explicitCredentialsWin() throws IOException {
        Path file = write("auth.json", "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("file:pw") + "\"}}}");
        CredentialStore s = CredentialStore.standard(Credentials.parseUserPass("me:pa:ss"), file, Map.of(), tmp, noHelpers());
        assertEquals(Optional.of(Credentials.basic("me", "pa:ss")), s.resolve("r.example", "x"));
    }

    @Test
    void filesAreSearchedInOrder() throws IOException {
        Path authfile = write("a/auth.json", "{\"auths\":{\"one.example\":{\"auth\":\"" + b64("a:1") + "\"}}}");
        Path env = write("b/auth.json", "{\"auths\":{\"one.example\":{\"auth\":\"" + b64("b:1") + "\"},"
                + "\"two.example\":{\"username\":\"b\",\"password\":\"2\"}}}");
        write("xdg/containers/auth.json", "{\"auths\":{\"three.example\":{\"auth\":\"" + b64("x:3") + "\"},"
                + "\"two.example\":{\"auth\":\"" + b64("x:2") + "\"}}}");
        write("home/.docker/config.json", "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:4") + "\"},"
                + "\"three.example\":{\"auth\":\"" + b64("d:3") + "\"}}}");
        CredentialStore s = CredentialStore.standard(null, authfile,
                Map.of("REGISTRY_AUTH_FILE", env.toString(), "XDG_RUNTIME_DIR", tmp.resolve("xdg").toString()),
                tmp.resolve("home"), noHelpers());
        assertEquals("a", s.resolve("one.example", null).orElseThrow().username());
        assertEquals("b", s.resolve("two.example", null).orElseThrow().username());
        assertEquals("x", s.resolve("three.example", null).orElseThrow().username());
        assertEquals(Credentials.basic("hub", "4"), s.resolve("docker.io", "library/busybox").orElseThrow());
        assertTrue(s.resolve("four.example", null).isEmpty());
    }

    @Test
    void identityTokenAndRepositoryScopedEntries() throws IOException {
        Path f = write("auth.json", "{\"auths\":{"
                + "\"quay.io\":{\"auth\":\"" + b64("<token>:") + "\",\"identitytoken\":\"refresh-1\"},"
                + "\"r.example/team/app\":{\"auth\":\"" + b64("team:t") + "\"},"
                + "\"r.example\":{\"auth\":\"" + b64("all:a") + "\"}}}");
        CredentialStore s = new CredentialStore(null, List.of(f), noHelpers());
        Credentials q = s.resolve("quay.io", "x/y").orElseThrow();
        assertEquals("refresh-1", q.identityToken());
        assertEquals("team", s.resolve("r.example", "team/app").orElseThrow().username());
        assertEquals("all", s.resolve("r.example", "other/app").orElseThrow().username());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"auths\":{\"r.example\":{\"auth\":\"!!notbase64\"}}}",
            "{\"auths\":{\"r.example\":{\"auth\":\"" + "bm9jb2xvbg==" + "\"}}}", "[1]", "{\"auths\":{},\"auths\":{}}", "{"})
    void malformedFilesNameTheFile(String json) throws IOException {
        Path f = write("bad.json", json);
        CredentialStore s = new CredentialStore(null, List.of(f), noHelpers());
        IOException e = assertThrows(IOException.class, () -> s.resolve("r.example", null));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    private Path helper(String name, String script) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path exe = bin.resolve("docker-credential-" + name);
        Files.writeString(exe, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        return exe;
    }

    @Test
    void credHelpersAndCredsStoreRunTheHelperWithTheServerOnStdin() throws IOException {
        helper("test", "read server\n[ \"$1\" = get ] || exit 3\n"
                + "case \"$server\" in\n"
                + "  https://index.docker.io/v1/) echo '{\"ServerURL\":\"hub\",\"Username\":\"hubuser\",\"Secret\":\"hubpw\"}';;\n"
                + "  gcr.example) echo '{\"ServerURL\":\"g\",\"Username\":\"<token>\",\"Secret\":\"idtok\"}';;\n"
                + "  *) echo 'credentials not found in native keychain'; exit 1;;\n"
                + "esac\n");
        Path f = write("config.json", "{\"auths\":{\"docker.io\":{}},\"credsStore\":\"test\","
                + "\"credHelpers\":{\"gcr.example\":\"test\"}}");
        CredentialStore s = new CredentialStore(null, List.of(f), noHelpers());
        assertEquals(Credentials.basic("hubuser", "hubpw"), s.resolve("docker.io", "library/x").orElseThrow());
        assertEquals("idtok", s.resolve("gcr.example", "p/i").orElseThrow().identityToken());
        assertTrue(s.resolve("nothing.example", null).isEmpty());
    }

    /** A helper that starts a background process (as some helpers start a daemon) leaves nothing running after us. */
    @org.junit.jupiter.params.ParameterizedTest(name = "the helper {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"answers", "hangs"})
    void whatAHelperStartsIsKilled(String behaviour) throws Exception {
        Path pidFile = tmp.resolve("child-" + behaviour + ".pid");
        helper("forks", "sleep 300 >/dev/null 2>&1 </dev/null &\necho $! > " + pidFile + "\n"
                + (behaviour.equals("hangs") ? "sleep 30\n" : "echo '{\"Username\":\"u\",\"Secret\":\"s\"}'\n"));
        Path f = write("config.json", "{\"credsStore\":\"forks\"}");
        CredentialStore s = new CredentialStore(null, List.of(f),
                new CredentialHelper(tmp.resolve("bin").toString(), Duration.ofMillis(1500)));
        if (behaviour.equals("hangs")) {
            assertThrows(IOException.class, () -> s.resolve("r.example", null));
        } else {
            assertEquals(Credentials.basic("u", "s"), s.resolve("r.example", null).orElseThrow());
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());
        for (int i = 0; i < 50 && running(child); i++) {
            Thread.sleep(20);
        }
        assertTrue(!running(child), "the helper's child " + child + " is still running");
    }

    /** Alive and not a zombie (killed, waiting for an init that may never reap it in a container). */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException gone) {
            return false;
        }
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void hangingHelperTimesOut() throws IOException {
        helper("slow", "sleep 30\n");
        Path f = write("config.json", "{\"credsStore\":\"slow\"}");
        CredentialStore s = new CredentialStore(null, List.of(f),
                new CredentialHelper(tmp.resolve("bin").toString(), Duration.ofMillis(300)));
        IOException e = assertThrows(IOException.class, () -> s.resolve("r.example", null));
        assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
    }

    @Test
    void missingOrBadlyNamedHelperIsAnError() throws IOException {
        Path f = write("config.json", "{\"credsStore\":\"absent\"}");
        assertThrows(IOException.class, () -> new CredentialStore(null, List.of(f), noHelpers()).resolve("r.example", null));
        Path g = write("config2.json", "{\"credsStore\":\"../../bin/sh\"}");
        IOException e = assertThrows(IOException.class, () -> new CredentialStore(null, List.of(g), noHelpers()).resolve("r.example", null));
        assertTrue(e.getMessage().contains("invalid name"), e.getMessage());
    }

    @Test
    void credentialsNeverPrintSecrets() {
        assertTrue(!Credentials.basic("u", "topsecret").toString().contains("topsecret"));
        assertTrue(!Credentials.identityToken("tok123").toString().contains("tok123"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.parseUserPass("nopassword"));
    }
}
