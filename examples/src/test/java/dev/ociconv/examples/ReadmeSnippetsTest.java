package dev.ociconv.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ociconv.converter.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's Java snippets are these programs: each {@code ```java} block equals, line for line
 * (indentation aside), the marked lines of one example; and the examples run, in a child JVM
 * whose class path is this module's (the converter artifact and what its POM brings), in a
 * scratch directory, with outputs checked against the OCI layout spec's structure.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsAnExample() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(README));
        while (m.find()) {
            blocks.add(lines(m.group(1)));
        }
        List<List<String>> examples = List.of(marked("BuildExample", "build"), marked("LibraryExample", "library"));
        assertEquals(examples.size(), blocks.size(), "one example per ```java block of README.md");
        for (List<String> block : blocks) {
            assertTrue(examples.contains(block), "README block not in examples/ as it is:\n" + String.join("\n", block));
        }
    }

    @Test
    void theExamplesRunWithTheConverterArtifactAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.copy(Samples.sample("legacy-alpine310-gzipped-archive/alpine-310.tar.gz"), dir.resolve("alpine-310.tar.gz"));
        String built = run(dir, BuildExample.class);
        assertTrue(built.startsWith("built sha256:"), built);
        String listed = run(dir, LibraryExample.class);
        assertTrue(listed.contains("[docker.io/testuser/testimage:v1] sha256:"), listed);

        ObjectMapper json = new ObjectMapper();
        JsonNode index = json.readTree(dir.resolve("testimage-oci/index.json").toFile());
        assertEquals(2, index.path("schemaVersion").asInt());
        String manifest = index.path("manifests").path(0).path("digest").asText();
        JsonNode m = json.readTree(dir.resolve("testimage-oci/blobs/sha256/" + manifest.substring(7)).toFile());
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", m.path("layers").path(0).path("mediaType").asText(),
                "withCompression(GZIP)");
        assertTrue(Files.size(dir.resolve("alpine.tar")) > 1 << 20, "the oci-archive of alpine");
    }

    /** Runs {@code main} of {@code example} in a child JVM in {@code dir}; its standard output. */
    private static String run(Path dir, Class<?> example) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve(example.getSimpleName() + ".out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, example.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), example + " finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), example.getSimpleName() + ":\n" + text);
        return text;
    }

    /** The lines between {@code // README NAME begin} and {@code end} markers of an example's source. */
    private static List<String> marked(String example, String name) throws IOException {
        List<String> all = Files.readAllLines(Path.of("src/main/java/dev/ociconv/examples", example + ".java"));
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : all) {
            if (line.strip().equals("// README " + name + " begin")) {
                in = true;
            } else if (line.strip().equals("// README " + name + " end")) {
                in = false;
            } else if (in) {
                out.add(line);
            }
        }
        return lines(String.join("\n", out));
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
