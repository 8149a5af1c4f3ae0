package dev.ociconv.converter.build;

import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** skopeo, an independent reader, reads what builds write: a docker save archive, an OCI layout, an OCI archive. */
class BuildPeersTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void skopeo() {
        Skopeo.assumePresent();
    }

    @Test
    void skopeoReadsBuiltArchivesAndLayouts() throws Exception {
        ImageBuilder builder = new ImageBuilder(new Transports.OpenContext(InputStream.nullInputStream(), tmp,
                dev.ociconv.model.content.Limits.DEFAULT, dev.ociconv.registry.RegistryOptions.defaults()));
        Path hello = ImageBuilderTest.file(tmp.resolve("hello.txt"), "Hello, world!\n");
        Path hoge = ImageBuilderTest.file(tmp.resolve("hoge.txt"), "hogehoge\n");
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Path v1 = tmp.resolve("testimage.tar");
        ImageBuilder.Result r1 = builder.buildTo(BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt"))).withTime(t),
                v1.toString(), List.of("testuser/testimage:v1"), CopyOptions.defaults());
        String inspect = Skopeo.run(tmp, "inspect", "docker-archive:" + v1 + ":testuser/testimage:v1");
        assertTrue(inspect.contains(r1.diffIds().get(0).toString()), inspect);
        assertTrue(inspect.contains("\"Created\": \"2024-01-01T00:00:00Z\""), inspect);
        assertTrue(Skopeo.run(tmp, "inspect", "--config", "docker-archive:" + v1).contains("#(nop) ADD file:"));

        Path oci = tmp.resolve("v2-oci");
        ImageBuilder.Result r2 = builder.buildTo(BuildSpec.scratch(List.of(AddSpec.parse(hoge + ":/hoge.txt"))).withTime(t)
                        .withFrom("docker-archive:" + v1),
                "oci:" + oci + ":v2", List.of(), CopyOptions.defaults());
        Skopeo.run(tmp, "copy", "oci:" + oci + ":v2", "oci:" + tmp.resolve("copied") + ":v2");
        String config = Skopeo.run(tmp, "inspect", "--config", "oci:" + oci + ":v2");
        assertTrue(config.contains(r2.diffIds().get(1).toString()) && config.contains(r1.diffIds().get(0).toString()), config);
        Digest configDigest = r2.imageId();
        assertTrue(Files.isRegularFile(oci.resolve("blobs/sha256/" + configDigest.hex())));

        Path ociTar = tmp.resolve("v2-oci.tar");
        builder.buildTo(BuildSpec.scratch(List.of(AddSpec.parse(hoge + ":/hoge.txt"))).withTime(t).withFrom("oci:" + oci + ":v2"),
                "oci-archive:" + ociTar, List.of("v3"), CopyOptions.defaults());
        // -t v3 is v3:latest, as docker build -t says; skopeo finds it by its tag
        assertTrue(Skopeo.run(tmp, "inspect", "oci-archive:" + ociTar + ":latest").contains("\"Layers\""));
    }
}
