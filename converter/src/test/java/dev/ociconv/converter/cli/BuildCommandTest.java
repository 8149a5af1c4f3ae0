package dev.ociconv.converter.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void buildsTheWalkThroughImagesReproducibly() throws Exception {
        Path hello = Files.writeString(tmp.resolve("hello.txt"), "Hello, world!\n");
        Files.setPosixFilePermissions(hello, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path a = tmp.resolve("a.tar");
        Path b = tmp.resolve("b.tar");
        Run r = run("build", "--time", "2024-01-01T00:00:00Z", "--add", hello + ":/hello.txt", "--tag", "testuser/testimage:v1", "-o", a.toString());
        assertEquals(0, r.code(), r.err());
        // the same image ID as the demo's v1 (same file, mode, time)
        assertTrue(r.out().contains("image ID sha256:c24bb53e2b27be33b639c2320f007a510a7cfb955e7a64726dc161f473e1bae7"), r.out());
        assertEquals(0, run("build", "--time", "@1704067200", "--add", hello + ":/hello.txt", "-t", "testuser/testimage:v1",
                "-o", "docker-archive:" + b).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void helpWorksDespiteRequiredOptions() {
        for (String cmd : List.of("build", "demo")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Examples:") && r.out().contains("ociconv " + cmd), r.out());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--add hello.txt -o x.tar                     | 2 | expected SRC:DEST",
            "--add hello.txt:rel -o x.tar                 | 2 | must be an absolute path",
            "--time yesterday --add hello.txt:/h -o x.tar | 2 | invalid time 'yesterday'",
            "-o x.tar                                     | 2 | Missing required option: '--add",
            "--add missing.txt:/m -o x.tar                | 1 | missing.txt: no such file or directory",
            "--add hello.txt:/h -o oci:                   | 2 | missing path"})
    void errorsAreOneLine(String args, int code, String message) throws Exception {
        Files.writeString(tmp.resolve("hello.txt"), "hi");
        List<String> argv = new ArrayList<>(List.of("build"));
        for (String a : args.trim().split(" +")) {
            argv.add(a.endsWith(".txt") || a.contains(".txt:") ? tmp.resolve(a).toString() : a.equals("x.tar") ? tmp.resolve(a).toString() : a);
        }
        Run r = run(argv.toArray(String[]::new));
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().startsWith("ociconv: error: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(Arrays.stream(tmp.toFile().list()).noneMatch(n -> n.equals("x.tar")), "nothing written");
    }
}
