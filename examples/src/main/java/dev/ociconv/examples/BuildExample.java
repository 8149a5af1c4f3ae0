package dev.ociconv.examples;

// README build begin
import dev.ociconv.converter.build.AddSpec;
import dev.ociconv.converter.build.BuildSpec;
import dev.ociconv.converter.build.ImageBuilder;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.transport.Transports;

import java.time.Instant;
import java.util.List;
// README build end

/** README's "In Java" of {@code ociconv build}: an image of {@code hello.txt} (in the working directory) into {@code testimage.tar}. */
public final class BuildExample {
    private BuildExample() {
    }

    public static void main(String[] args) throws Exception {
        // README build begin
        BuildSpec spec = BuildSpec.scratch(List.of(AddSpec.parse("hello.txt:/hello.txt")))
                .withTime(Instant.parse("2024-01-01T00:00:00Z"));
        ImageBuilder.Result r = new ImageBuilder(Transports.OpenContext.defaults())
                .buildTo(spec, "testimage.tar", List.of("testuser/testimage:v1"), CopyOptions.defaults());
        // or: try (BuiltImage image = builder.build(spec)) { new ImageCopier().copy(image, anySink, options); }
        // README build end
        System.out.println("built " + r.imageId());
    }
}
