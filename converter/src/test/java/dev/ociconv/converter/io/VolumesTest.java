package dev.ociconv.converter.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What --split writes, readers read back as one file; a set with a gap or a short volume is refused by name. */
class VolumesTest {
    @TempDir
    Path tmp;
    private boolean replaced;

    private byte[] writeSplit(int size, int volume) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        VolumeOutputStream out = new VolumeOutputStream(n -> tmp.resolve(String.format("a.tar.%03d", n)), volume);
        try (OutputStream o = out) {
            o.write(data, 0, size / 3);
            o.write(data, size / 3, size - size / 3);
        }
        assertFalse(Files.exists(tmp.resolve(String.format("a.tar.%03d", out.count() - 1))) && size == 10_000 && !replaced,
                "nothing in place before publish");
        out.publish();
        replaced = true;
        return data;
    }

    @Test
    void volumesJoinToTheWholeAtAnyOffset() throws IOException {
        byte[] data = writeSplit(10_000, 3000);
        assertEquals(4, ArchiveFiles.volumes(tmp.resolve("a.tar.000")).size());
        assertEquals(1000, Files.size(tmp.resolve("a.tar.003")));
        try (InputStream in = ArchiveFiles.openStream(tmp.resolve("a.tar.000"))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (FileChannel c = ArchiveFiles.openChannel(tmp.resolve("a.tar.000"))) {
            assertEquals(10_000, c.size());
            ByteBuffer b = ByteBuffer.allocate(4000);
            assertEquals(4000, c.read(b, 2500)); // across volumes 0, 1 and 2
            byte[] expected = java.util.Arrays.copyOfRange(data, 2500, 6500);
            assertArrayEquals(expected, b.array());
            assertEquals(-1, c.read(ByteBuffer.allocate(1), 10_000));
        }
        assertEquals(java.util.List.of(tmp.resolve("b.tar")), ArchiveFiles.volumes(tmp.resolve("b.tar")), "not split: itself");
    }

    @Test
    void aReplacedSetLosesItsExtraVolumes() throws IOException {
        writeSplit(10_000, 3000);
        writeSplit(5000, 3000);
        assertEquals(2, ArchiveFiles.volumes(tmp.resolve("a.tar.000")).size());
        assertFalse(Files.exists(tmp.resolve("a.tar.002")));
    }

    @Test
    void aGapOrAShortVolumeIsNamed() throws IOException {
        writeSplit(10_000, 3000);
        Files.move(tmp.resolve("a.tar.001"), tmp.resolve("x"));
        IOException gap = assertThrows(IOException.class, () -> ArchiveFiles.volumes(tmp.resolve("a.tar.000")));
        assertTrue(gap.getMessage().contains("volume a.tar.001 is missing"), gap.getMessage());
        Files.move(tmp.resolve("x"), tmp.resolve("a.tar.001"));
        Files.write(tmp.resolve("a.tar.002"), new byte[10]);
        IOException shortOne = assertThrows(IOException.class, () -> ArchiveFiles.volumes(tmp.resolve("a.tar.000")));
        assertTrue(shortOne.getMessage().contains("a.tar.002: split archive: this volume has 10 bytes"), shortOne.getMessage());
    }

    /** A quoted glob of a set names its first volume; other globs pass through, or are refused when they mix volumes with other files. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "b.tar.*     | b.tar.000",
            "b.tar.0??   | b.tar.000",
            "b.tar.000   | b.tar.000",
            "nothing.*   | nothing.*",
            "notes*      | notes*",
            "*.tar.00?   | ERROR 'DIR/*.tar.00?' matches 4 files that are not the volumes of one split archive (b.tar.000, b.tar.001, b.tar.002, c.tar.000); name its first volume (NAME.000)",
            "[bc].tar.*  | ERROR matches 4 files",
    })
    void aGlobOfVolumesNamesTheFirst(String glob, String expected, @TempDir Path dir) throws IOException {
        for (String n : new String[]{"b.tar.000", "b.tar.001", "b.tar.002", "c.tar.000", "notes.txt"}) {
            Files.write(dir.resolve(n), new byte[]{1});
        }
        String given = dir.resolve(glob).toString();
        if (expected.startsWith("ERROR ")) {
            String m = assertThrows(IllegalArgumentException.class, () -> ArchiveFiles.volumeGlob(given)).getMessage();
            assertTrue(m.contains(expected.substring(6).replace("DIR", dir.toString())), m);
        } else {
            assertEquals(dir.resolve(expected).toString(), ArchiveFiles.volumeGlob(given));
        }
    }
}
