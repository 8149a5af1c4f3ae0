package dev.ociconv.model.spec;

import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LegacyIdsTest {

    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));

    @Test
    void chainIdOfOneLayerIsItsDiffId() {
        assertEquals(A, LegacyIds.chainId(List.of(A)));
    }

    @Test
    void chainIdHashesPreviousChainSpaceDiffId() {
        Digest expected = Digest.sha256(("sha256:" + "a".repeat(64) + " sha256:" + "b".repeat(64)).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(A, expected), LegacyIds.chainIds(List.of(A, B)));
        assertThrows(IllegalArgumentException.class, () -> LegacyIds.chainId(List.of()));
    }

    @Test
    void intermediateEpochFollowsTheZone() {
        assertEquals("{\"created\":\"1970-01-01T00:00:00Z\",\"container_config\":" + V1ContainerConfig.empty().toJson() + "}",
                V1Image.intermediate(ZoneOffset.UTC).toString());
        assertTrue(V1Image.intermediate(ZoneOffset.ofHours(1)).toString().contains("\"created\":\"1970-01-01T01:00:00+01:00\""));
        assertTrue(V1Image.intermediate(ZoneOffset.ofHoursMinutes(-5, -30)).toString().contains("\"1969-12-31T18:30:00-05:30\""));
    }

    @Test
    void zoneIsReadBackFromAnIntermediateLayer() throws Exception {
        for (ZoneOffset z : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHoursMinutes(-3, -30))) {
            assertEquals(z, LegacyIds.epochZone(V1Image.intermediate(z).toJson()).orElseThrow());
            assertEquals(z, LegacyIds.parseZoneAnnotation(LegacyIds.zoneAnnotation(z)));
        }
        assertTrue(LegacyIds.epochZone("{\"created\":\"2017-02-07T19:02:14Z\"}".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertEquals("Z", LegacyIds.zoneAnnotation(ZoneOffset.UTC));
        assertEquals("+01:00", LegacyIds.zoneAnnotation(ZoneOffset.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> LegacyIds.parseZoneAnnotation("Europe/Berlin"));
    }

    @Test
    void differentZonesGiveDifferentIdsBelowTheTop() throws Exception {
        byte[] config = ("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + A + "\",\"" + B + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        List<LegacyIds.V1Layer> utc = LegacyIds.v1Layers(config, ZoneOffset.UTC, false, "c");
        List<LegacyIds.V1Layer> cet = LegacyIds.v1Layers(config, ZoneOffset.ofHours(1), false, "c");
        assertTrue(!utc.get(0).id().equals(cet.get(0).id()));
        assertEquals(utc.get(0).id(), utc.get(1).parent());
    }

    /** Every v1 directory of Docker-written samples: name and json bytes reproduced from the config alone. */
    @ParameterizedTest
    @ValueSource(strings = {
            "legacy-almostempty-docker113/almostempty.tar",
            "legacy-busybox-docker19/busybox-docker.tar",
            "legacy-multiimage-symlinked-layer/test_link.tar"})
    void reproducesDockerV1DirectoriesOfRealSamples(String sample) throws Exception {
        Path tar = SampleTars.samplesRoot().resolve(sample);
        assumeTrue(Files.isRegularFile(tar), "samples corpus not found at " + SampleTars.samplesRoot());
        Map<String, byte[]> files = SampleTars.smallFiles(tar);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!e.getKey().matches("[0-9a-f]{64}\\.json")) {
                continue;
            }
            for (LegacyIds.V1Layer layer : LegacyIds.v1Layers(e.getValue(), ZoneOffset.UTC, false, e.getKey())) {
                byte[] actual = files.get(layer.id() + "/json");
                assertTrue(actual != null, sample + ": no v1 directory " + layer.id());
                assertArrayEquals(actual, layer.json(), () -> sample + " " + layer.id() + "/json:\n"
                        + new String(actual, StandardCharsets.UTF_8) + "\n" + new String(layer.json(), StandardCharsets.UTF_8));
                checked.add(layer.id());
            }
        }
        assertTrue(!checked.isEmpty(), "no image config found in " + sample);
    }
}
