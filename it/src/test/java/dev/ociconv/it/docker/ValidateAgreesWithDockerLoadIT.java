package dev.ociconv.it.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.cli.Main;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.it.hostile.HostileArchivesIT;
import dev.ociconv.it.support.DockerEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ociconv validate} says an archive is loadable (valid, and a docker save archive: it has a
 * {@code manifest.json}) exactly when the real {@code docker load} takes it: over every archive in
 * the shared samples and every case of the hostile-archive suite. A disagreement is a bug in
 * {@code validate}, unless it is listed below as a difference of Docker versions.
 */
class ValidateAgreesWithDockerLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String AMBIGUOUS = "a name twice in one archive is refused (readers disagree: docker load takes "
            + "the last entry, skopeo the first)";

    /**
     * Where validate and this engine (Docker 20.10.24) disagree on purpose, and why. Each entry is
     * a case that ociconv refuses by policy although Docker takes it; none is a Docker version
     * difference so far except where it says so.
     */
    private static final Map<String, String> KNOWN = Map.of(
            "hostile duplicate as ./manifest.json", AMBIGUOUS,
            "hostile duplicate layer entry, the first one different", AMBIGUOUS,
            "hostile duplicate manifest.json, the last one valid", AMBIGUOUS,
            "hostile LayerSources key sha256:../../x", "a LayerSources key that is not a digest is refused (it could be "
                    + "taken for a path); Docker ignores LayerSources for a layer the archive holds",
            "hostile config over the 4 MiB cap", "ociconv's bound on JSON documents (4 MiB, as containerd's); docker load has none",
            "hostile docker 25 index.json digest sha256:../../x", "Docker 20.10 reads manifest.json only; the archive's "
                    + "OCI layout part is invalid, and an OCI reader (Docker 25+ with the containerd store, skopeo) refuses it",
            "sample edge-malformed-docker-archives/null_manifest.tar", "manifest.json is null: docker load exits 0 having "
                    + "loaded nothing; validate calls an archive with no image invalid");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void engine() {
        assumeTrue(DockerEngine.available(), "no Docker engine (eval \"$(it/docker/start.sh)\" starts one)");
    }

    record Verdict(boolean validateLoadable, String validateSays, boolean dockerLoads, String dockerSays) {
        boolean agree() {
            return validateLoadable == dockerLoads;
        }
    }

    private static Verdict judge(Path archive) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "validate", "--json", archive.toString());
        boolean loadable;
        String says;
        try {
            JsonNode v = JSON.readTree(out.toString());
            List<String> formats = new ArrayList<>();
            v.path("formats").forEach(f -> formats.add(f.asText()));
            loadable = v.path("valid").asBoolean() && formats.contains("docker-archive");
            says = (v.path("valid").asBoolean() ? "valid " : "invalid ") + formats + " " + v.path("problems");
        } catch (IOException notJson) {
            loadable = false;
            says = err.toString().strip();
        }
        java.util.Set<String> before = imageIds();
        DockerEngine.Result load = DockerEngine.docker(tmp, "load", "-i", archive.toString());
        // every image the load made goes again (a tag line names only some of them)
        for (String id : imageIds()) {
            if (!before.contains(id)) {
                DockerEngine.docker(tmp, "image", "rm", "-f", id);
            }
        }
        String dockerSays = (load.exit() == 0 ? load.out() : load.err()).strip();
        return new Verdict(loadable, says.length() > 300 ? says.substring(0, 300) : says, load.exit() == 0, dockerSays);
    }

    private static java.util.Set<String> imageIds() throws IOException {
        return java.util.Set.copyOf(DockerEngine.docker(tmp, "images", "-aq", "--no-trunc").ok().out().lines().toList());
    }

    private static List<Path> sampleArchives() throws IOException {
        Path root = Samples.sample("INDEX.md").getParent();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(tar|tar\\.gz|tgz|tar\\.xz|tar\\.bz2)"))
                    .sorted().toList();
        }
    }

    @Test
    void overTheSamplesAndTheHostileCases() throws IOException {
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (Path sample : sampleArchives()) {
            verdicts.put("sample " + Samples.sample("INDEX.md").getParent().relativize(sample), judge(sample));
        }
        for (HostileArchivesIT.Case c : HostileArchivesIT.cases()) {
            Path dir = Files.createDirectories(tmp.resolve("hostile-" + verdicts.size()));
            Path input = c.builder().build(dir);
            if (Files.isRegularFile(input)) {
                verdicts.put("hostile " + c.name(), judge(input));
            }
        }
        List<String> disagreements = new ArrayList<>();
        int loadable = 0;
        for (var e : verdicts.entrySet()) {
            Verdict v = e.getValue();
            loadable += v.dockerLoads() ? 1 : 0;
            System.out.printf("[oracle] %-70s docker load %s, validate %s%n", e.getKey(),
                    v.dockerLoads() ? "ok" : "refuses", v.validateLoadable() ? "loadable" : "not loadable");
            if (!v.agree() && !KNOWN.containsKey(e.getKey())) {
                disagreements.add(e.getKey() + ": docker load " + (v.dockerLoads() ? "takes it" : "refuses it (" + v.dockerSays() + ")")
                        + ", validate says " + v.validateSays());
            }
        }
        System.out.println("[oracle] " + verdicts.size() + " archives, " + loadable + " loaded by docker load, "
                + disagreements.size() + " disagreements");
        assertTrue(verdicts.size() > 60, "samples and hostile cases were all judged: " + verdicts.size());
        assertEquals(List.of(), disagreements, "validate and docker load disagree");
    }
}
