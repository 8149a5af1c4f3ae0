package dev.ociconv.it.registry;

import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.testkit.RandomImages;
import dev.ociconv.it.support.Cli;
import dev.ociconv.it.support.Skopeo;
import dev.ociconv.it.support.TestRegistry;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ociconv copy docker://A docker://B} within one registry mounts every blob instead of moving it. */
class RegistryCopyMountIT {
    private static TestRegistry registry;
    private static RandomImages.Archive archive;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Skopeo.assumeInstalled();
        registry = TestRegistry.start();
        archive = new RandomImages(23).write(dir.resolve("base.tar"), RandomImages.Spec.of(3));
        Cli.ok("push", "--quiet", archive.file().toString(), registry.ref("team/base:v1"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void copyWithinOneRegistryMountsLayersAndConfig() throws IOException {
        Recorder recorder = new Recorder();
        Ociconv.copy(registry.docker("team/base:v1"), registry.docker("team/app:v1"),
                CopyOptions.defaults().withListener(recorder));

        byte[] source = Skopeo.rawManifest(registry.docker("team/base:v1"));
        byte[] copied = Skopeo.rawManifest(registry.docker("team/app:v1"));
        assertArrayEquals(source, copied, "the manifest travels as its exact bytes");
        assertEquals(Set.of(), recorder.copied.keySet(), "nothing was uploaded");
        assertEquals(4, recorder.mounted.size(), "three layers and the config mounted: " + recorder.mounted);
        recorder.mounted.values().forEach(from -> assertEquals(registry.repository("team/base"), from));
        if (registry.storage().isPresent()) {
            // the registry links the mounted blobs into the new repository
            Path layers = registry.storage().get().resolve("docker/registry/v2/repositories")
                    .resolve(registry.repository("team/app")).resolve("_layers/sha256");
            for (Digest d : recorder.mounted.keySet()) {
                assertTrue(Files.exists(layers.resolve(d.hex()).resolve("link")), "link for " + d);
            }
        }
    }

    @Test
    void theCliCopiesBetweenRepositories(@TempDir Path dir) throws IOException {
        Cli.ok("copy", "--quiet", registry.docker("team/base:v1"), registry.docker("other/app:v1"));
        // the copy reads back whole through skopeo
        Skopeo.copy(registry.docker("other/app:v1"), "oci:" + dir.resolve("x") + ":x");
        assertEquals(List.of(archive.images().get(0).imageId().toString()),
                List.of(Skopeo.json(Skopeo.rawManifest(registry.docker("other/app:v1"))).get("config").get("digest").asText()));
    }

    /** Which blobs were copied and which mounted (and from where). */
    private static final class Recorder implements CopyListener {
        final Map<Digest, Boolean> copied = new ConcurrentHashMap<>();
        final Map<Digest, String> mounted = new ConcurrentHashMap<>();

        @Override
        public void blobDone(String what, Digest digest, long size, boolean skipped) {
            if (!skipped) {
                copied.put(digest, true);
            }
        }

        @Override
        public void blobMounted(String what, Digest digest, long size, String fromRepository) {
            mounted.put(digest, fromRepository);
        }
    }
}
