package dev.ociconv.converter.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.dockerarchive.DockerArchiveSource;
import dev.ociconv.converter.testkit.ImageReading;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FROM a multi-platform base (BuildKit's nested index): the platform asked for is the base; gzip base layers are written as the destination wants. */
class BuildFromIndexTest {
    static final String LAYOUT = "oci-dir-buildkit-multiplatform-nested-index/layout";

    @TempDir
    Path tmp;

    private ImageBuilder builder() {
        return new ImageBuilder(new Transports.OpenContext(InputStream.nullInputStream(), tmp, Limits.DEFAULT,
                dev.ociconv.registry.RegistryOptions.defaults()));
    }

    @ParameterizedTest
    @CsvSource({
            "amd64, sha256:153922c8857b203a66f7a8e3f6316fc84669ce530003fddaf99d9a30cc9e4b0e",
            "arm64, sha256:a6b19b78ec5a2f3ddfb84fe2f60aaf0651524c9a826a92fb7f3ac620801eb74d"})
    void thePlatformAskedForIsTheBase(String arch, String baseDiffId) throws Exception {
        Path base = Samples.sample(LAYOUT);
        Path hello = ImageBuilderTest.file(tmp.resolve("hello.txt"), "Hello, world!\n");
        Path out = tmp.resolve("out.tar");
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse(hello + ":/hello.txt")))
                .withTime(Instant.parse("2024-01-01T00:00:00Z")).withFrom("oci:" + base).withPlatform("linux", arch, null);
        ImageBuilder.Result r = builder().buildTo(spec, out.toString(), List.of("multi:built"), CopyOptions.defaults());
        assertEquals(baseDiffId, r.diffIds().get(0).toString());
        assertEquals(2, r.diffIds().size());
        try (DockerArchiveSource source = DockerArchiveSource.open(out, tmp, Limits.DEFAULT)) {
            assertEquals(List.of(r.diffIds()), ImageReading.readAll(source));
            var node = ImageReading.image(source, source.entries().get(0));
            JsonNode c = Json.parseTree(node.config().bytes(), "config");
            assertEquals(arch, c.get("architecture").asText());
            assertTrue(c.get("history").size() >= 2);
        }
    }

    @Test
    void aPlatformTheIndexLacksIsAClearError() {
        Path base = Samples.sample(LAYOUT);
        BuildSpec spec = BuildSpec.scratch(List.of()).withFrom("oci:" + base).withPlatform("linux", "s390x", null);
        IOException e = assertThrows(IOException.class, () -> builder().build(spec));
        assertTrue(e.getMessage().contains("no image for platform linux/s390x"), e.getMessage());
    }
}
