package dev.ociconv.converter.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainLazyCommandsTest {

    @ParameterizedTest
    @CsvSource({
            "convert, 1",
            "push, 1",
            "cds-training, 1",
            "--version, 0",
            "-V, 0",
            "help, 25",
            "--help, 25",
            "convrt, 25",
            "mirror, 1"})
    void buildsOnlyTheCommandNamed(String first, int expected) {
        List<Class<?>> needed = Main.commandsNeeded(first, "x");
        if (first.startsWith("-V") || first.equals("--version")) {
            needed = Main.commandsNeeded(first);
        }
        assertEquals(expected, needed.size(), needed.toString());
    }

    @Test
    void versionIsPrintedWithoutTheParser() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            assertEquals(0, Main.run("--version"));
        } finally {
            System.setOut(out);
        }
        assertTrue(captured.toString().startsWith("ociconv "), captured.toString());
    }

    @Test
    void noArgumentsNeedsAllForTheUsage() {
        assertEquals(Main.COMMANDS, Main.commandsNeeded());
    }

    @Test
    void cdsTrainingConvertsAndLeavesNothing() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = trainingDirs(tmp);
        assertEquals(0, Main.run("cds-training"));
        assertEquals(before, trainingDirs(tmp));
    }

    private static java.util.Set<Path> trainingDirs(Path tmp) throws java.io.IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ociconv-cds-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void tinyArchiveIsReadable(@TempDir Path tmp) throws Exception {
        Path tar = tmp.resolve("t.tar");
        CdsTrainingCommand.writeTinyArchive(tar);
        assertEquals(0, Main.run("convert", tar.toString(), tmp.resolve("oci").toString()));
        assertTrue(Files.exists(tmp.resolve("oci/index.json")));
    }
}
