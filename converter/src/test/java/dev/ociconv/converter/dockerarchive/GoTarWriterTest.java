package dev.ociconv.converter.dockerarchive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoTarWriterTest {

    @Test
    void headerFieldsAreGosUstar() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GoTarWriter tar = new GoTarWriter(out, SaveTarStyle.DOCKER19)) {
            tar.file("repositories", "{}\n".getBytes(StandardCharsets.UTF_8), 0);
            tar.finish();
        }
        byte[] b = out.toByteArray();
        assertEquals(512 + 512 + 1024, b.length, "one header, one data block, two zero blocks, no record padding");
        assertEquals("0100644\0", new String(b, 100, 8, StandardCharsets.US_ASCII));
        assertEquals("0000000\0", new String(b, 108, 8, StandardCharsets.US_ASCII));
        assertEquals("00000000003\0", new String(b, 124, 12, StandardCharsets.US_ASCII));
        assertEquals("00000000000\0", new String(b, 136, 12, StandardCharsets.US_ASCII));
        assertEquals("ustar\u000000", new String(b, 257, 8, StandardCharsets.US_ASCII));
        assertEquals("0000000\u00000000000\0", new String(b, 329, 16, StandardCharsets.US_ASCII));
        assertEquals('\0', b[154]);
        assertEquals(' ', b[155]);
        assertTrue(Arrays.equals(new byte[32], Arrays.copyOfRange(b, 265, 297)), "no user name");
    }

    @Test
    void ownerNamesAsDebiansDocker20WritesThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GoTarWriter tar = new GoTarWriter(out, SaveTarStyle.DOCKER20)) {
            tar.file("manifest.json", "[]".getBytes(StandardCharsets.UTF_8), 0);
            tar.file("x/" + "n".repeat(120), "y".getBytes(StandardCharsets.UTF_8), 0); // a PAX header first
            tar.finish();
        }
        byte[] b = out.toByteArray();
        assertEquals("root", new String(b, 265, 4, StandardCharsets.US_ASCII));
        assertEquals(0, b[269]);
        assertEquals("root", new String(b, 297, 4, StandardCharsets.US_ASCII));
        assertEquals('x', b[1024 + 156], "the PAX header block");
        assertTrue(Arrays.equals(new byte[64], Arrays.copyOfRange(b, 1024 + 265, 1024 + 329)), "Go names no owner on a PAX header");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(b))) {
            TarArchiveEntry first = in.getNextEntry();
            assertEquals("root", first.getUserName());
            assertEquals("root", first.getGroupName());
            assertEquals("root", in.getNextEntry().getUserName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"docker19, true, ''", "docker20, true, root", "DOCKER23, false, ''"})
    void namedStyles(String name, boolean typeBits, String owner) {
        SaveTarStyle s = SaveTarStyle.named(name);
        assertEquals(typeBits, s.modeTypeBits());
        assertEquals(owner, s.userName());
        assertEquals(owner, s.groupName());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SaveTarStyle.named("docker18"));
    }

    @Test
    void theStyleTravelsInAnnotations() {
        java.util.Map<String, String> a = java.util.Map.of(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION, "true",
                DockerArchiveSink.OWNER_ANNOTATION, "root:wheel");
        assertEquals(new SaveTarStyle(true, "root", "wheel"), SaveTarStyle.fromAnnotations(a::get).orElseThrow());
        assertTrue(SaveTarStyle.fromAnnotations(k -> null).isEmpty());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SaveTarStyle.fromAnnotations(java.util.Map.of(DockerArchiveSink.OWNER_ANNOTATION, "root")::get));
    }

    @Test
    void modesWithoutTypeBitsAsDocker23AndLater() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GoTarWriter tar = new GoTarWriter(out, SaveTarStyle.DOCKER23)) {
            tar.directory("d", 5);
            tar.symlink("d/l", "../x", 5);
            tar.finish();
        }
        byte[] b = out.toByteArray();
        assertEquals("d/", new String(b, 0, 2, StandardCharsets.US_ASCII));
        assertEquals("0000755\0", new String(b, 100, 8, StandardCharsets.US_ASCII));
        assertEquals("0000777\0", new String(b, 512 + 100, 8, StandardCharsets.US_ASCII));
        assertEquals('2', b[512 + 156]);
    }

    @Test
    void longNamesAndHugeSizesReadBack() throws Exception {
        String longName = "blobs/sha512/" + "a".repeat(128);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GoTarWriter tar = new GoTarWriter(out, SaveTarStyle.DOCKER23)) {
            tar.file(longName, new byte[] {1, 2, 3}, 1);
            tar.file("p/" + "b".repeat(99), new byte[] {4}, 1);
            tar.finish();
        }
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals(longName, e.getName());
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            e = in.getNextEntry();
            assertEquals("p/" + "b".repeat(99), e.getName());
            assertNull(in.getNextEntry());
        }
        assertTrue(new String(out.toByteArray(), StandardCharsets.US_ASCII).startsWith("blobs/sha512/PaxHeaders.0/"));
    }

    @ParameterizedTest
    @CsvSource({"size,10,11 size=10", "path,abcdefg,16 path=abcdefg", "k,12345,11 k=12345", "x,1234567,13 x=1234567"})
    void paxRecordLengthCountsItself(String key, String value, String expected) {
        assertEquals(expected + "\n", GoTarWriter.record(key, value));
    }

    @Test
    void ustarSplitFollowsGo() {
        assertNull(GoTarWriter.splitUstar("short"));
        assertArrayEquals(new String[] {"p", "b".repeat(99)}, GoTarWriter.splitUstar("p/" + "b".repeat(99)));
        assertNull(GoTarWriter.splitUstar("p/" + "b".repeat(101)), "a base name over 100 bytes cannot be split");
    }
}
