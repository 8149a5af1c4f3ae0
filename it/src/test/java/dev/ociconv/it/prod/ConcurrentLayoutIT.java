package dev.ociconv.it.prod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several ociconv processes adding different images to one OCI layout at once, while another is
 * interrupted and another killed mid-way: every image whose writer exited 0 is in index.json, the
 * layout validates (every blob it references re-hashed) and skopeo reads each image, and nothing
 * is left behind once the next run has swept.
 */
class ConcurrentLayoutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;

    @TempDir
    static Path tmp;
    static List<Path> images = new ArrayList<>();
    static Path big;

    @BeforeAll
    static void images() throws IOException {
        for (int i = 0; i < WRITERS; i++) {
            images.add(Images.archive(tmp, "writer" + i, 3, 100 + i));
        }
        big = Images.archiveWithBigFile(tmp, "big", 2, 300L << 20, 200);
    }

    private static Set<String> refNames(Path layout) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            names.add(m.path("annotations").path("org.opencontainers.image.ref.name").asText());
        }
        return names;
    }

    /** Waits until the process has a partial blob in the layout (it is writing), or has ended. */
    private static void awaitPartialBlob(Cli.Running run, Path layout) throws Exception {
        String prefix = ".ociconv-tmp-" + run.process().pid() + "-";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && run.process().isAlive()) {
            try (Stream<Path> all = Files.walk(layout, 2)) {
                if (all.anyMatch(p -> p.getParent().getFileName().toString().startsWith(prefix) && Files.isRegularFile(p))) {
                    return;
                }
            } catch (java.io.UncheckedIOException | IOException e) {
                // a file vanished under the walk: look again
            }
            Thread.sleep(10);
        }
    }

    @Test
    void writersAtOnceLoseNothing() throws Exception {
        Path layout = tmp.resolve("shared");
        Cli.Result seed = Cli.in(tmp).ociconv("convert", images.get(0).toString(), layout.toString());
        assertEquals(0, seed.exit(), seed.toString());
        Set<String> expected = new TreeSet<>(refNames(layout));
        for (int round = 0; round < 3; round++) {
            List<Cli.Running> writers = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String tag = "r" + round + "-w" + i;
                tags.add(tag);
                writers.add(Cli.in(tmp).heap("-Xmx96m").start("copy", "docker-archive:" + images.get(i), "oci:" + layout + ":" + tag));
            }
            // one more that fails half way (SIGINT: the rollback path), or is killed (kill -9: no clean-up at all)
            Cli.Running broken = Cli.in(tmp).heap("-Xmx96m").start("copy", "docker-archive:" + big, "oci:" + layout + ":broken" + round);
            awaitPartialBlob(broken, layout);
            broken.signal(round == 1 ? "KILL" : "INT");
            Cli.Result b = broken.await(60);
            assertTrue(b.exit() == 130 || b.exit() == 137, "the broken writer was stopped mid-way: " + b);
            for (int i = 0; i < WRITERS; i++) {
                Cli.Result r = writers.get(i).await(120);
                assertEquals(0, r.exit(), "writer " + i + " of round " + round + ": " + r);
            }
            expected.addAll(tags);
            assertEquals(expected, refNames(layout), "round " + round + ": every image whose writer exited 0 is there");
            Cli.Result valid = Cli.in(tmp).ociconv("validate", layout.toString());
            assertEquals(0, valid.exit(), "round " + round + ": " + valid);
            for (String tag : tags) {
                Cli.Result s = Cli.in(tmp).skopeo("inspect", "--raw", "oci:" + layout + ":" + tag);
                assertEquals(0, s.exit(), tag + ": " + s);
            }
        }
        // the killed writer's partial blobs are swept by the next run into the layout
        Cli.Result next = Cli.in(tmp).ociconv("copy", "docker-archive:" + images.get(1), "oci:" + layout + ":last");
        assertEquals(0, next.exit(), next.toString());
        try (Stream<Path> all = Files.walk(layout)) {
            List<Path> left = all.filter(p -> p.getFileName().toString().startsWith(".ociconv-tmp-")).toList();
            assertEquals(List.of(), left, "temp files left in the layout");
        }
        assertEquals(0, Cli.in(tmp).ociconv("validate", layout.toString()).exit());
    }
}
