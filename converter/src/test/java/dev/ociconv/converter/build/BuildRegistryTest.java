package dev.ociconv.converter.build;

import dev.ociconv.converter.cli.Main;
import dev.ociconv.registry.testing.LocalRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A build goes to and comes from a real registry (docker-registry on a free loopback port). */
class BuildRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void buildPushesAndBuildsOnAPushedBase() throws Exception {
        assumeTrue(LocalRegistry.isAvailable(), "docker-registry not installed at " + LocalRegistry.BINARY);
        Path hello = ImageBuilderTest.file(tmp.resolve("hello.txt"), "Hello, world!\n");
        Path hoge = ImageBuilderTest.file(tmp.resolve("hoge.txt"), "hogehoge\n");
        try (LocalRegistry registry = LocalRegistry.start()) {
            String repo = "docker://" + registry.hostPort() + "/testuser/testimage";
            assertEquals(0, cli("build", "--time", "@1704067200", "--add", hello + ":/hello.txt", "-o", repo + ":v1"));
            assertEquals(0, cli("build", "--time", "@1704067200", "--from", repo + ":v1", "--add", hoge + ":/hoge.txt",
                    "-o", repo + ":v2"));
            Path back = tmp.resolve("v2.tar");
            assertEquals(0, cli("copy", "-q", repo + ":v2", "docker-archive:" + back + ":testuser/testimage:v2"));
            Skopeo.assumePresent();
            String inspect = Skopeo.run(tmp, "inspect", "docker-archive:" + back);
            assertTrue(inspect.contains("\"Created\": \"2024-01-01T00:00:00Z\""), inspect);
            var layers = dev.ociconv.model.json.Json.parseTree(inspect.getBytes(java.nio.charset.StandardCharsets.UTF_8), "skopeo")
                    .get("Layers");
            assertEquals(2, layers.size(), inspect);
        }
    }

    private static int cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        if (code != 0) {
            System.err.println(err);
        }
        return code;
    }
}
