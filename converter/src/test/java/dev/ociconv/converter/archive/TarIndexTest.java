package dev.ociconv.converter.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarIndexTest {
    private static final TarPolicy FOLLOW = new TarPolicy(100, 200, 1 << 20, true, true);
    private static final TarPolicy REFUSE = new TarPolicy(100, 200, 1 << 20, true, false);

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "manifest.json, manifest.json",
            "./manifest.json, manifest.json",
            "././a//b/, a/b",
            "a/./b/../c, a/c",
            "blobs//sha256/./x, blobs/sha256/x",
            "./, NULL",
            "., NULL",
            "../x, NULL",
            "a/../../x, NULL",
            "/etc/passwd, NULL",
    })
    void everyReaderNormalisesNamesAlike(String raw, String normal) throws IOException {
        TarIndex index = new TarIndex("x", FOLLOW);
        TarEntry e = index.record(raw, TarEntry.Kind.FILE, 1, null);
        assertEquals(normal, e == null ? null : e.name());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            // link name, its target as written, where it leads (NULL: nowhere inside)
            "b/layer.tar, ../a/layer.tar, a/layer.tar",
            "b/layer.tar, layer2.tar, b/layer2.tar",
            "layer.tar, ./x/../y, y",
            "b/layer.tar, ../../a, NULL",
            "b/layer.tar, /a/layer.tar, NULL",
            "b/layer.tar, .., NULL",
    })
    void symlinksAreReadRelativeToTheirDirectory(String link, String target, String leadsTo) throws IOException {
        TarIndex index = new TarIndex("x", FOLLOW);
        assertEquals(leadsTo, index.record(link, TarEntry.Kind.SYMLINK, 0, target).link());
    }

    /** One table of link walks, as a docker archive (links followed) and an OCI archive (refused) read them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // asked   | followed: the file reached, or the end of the error | refused
            "data      | data                                    | data",
            "absent    | NULL                                    | NULL",
            "sym       | data                                    | a link in the archive, not a file (links are not followed)",
            "hard      | data                                    | a link in the archive, not a file (links are not followed)",
            "chain     | data                                    | a link in the archive, not a file (links are not followed)",
            "loop1     | more than 8 links to follow (a loop?)   | a link in the archive, not a file (links are not followed)",
            "out       | -> ../../etc/passwd points outside the archive | a link in the archive, not a file (links are not followed)",
            "dangling  | -> nothing points to a missing entry    | a link in the archive, not a file (links are not followed)",
            "dir       | is not a regular file                   | is not a regular file",
            "todir     | is not a regular file                   | a link in the archive, not a file (links are not followed)",
    })
    void linkWalks(String asked, String followed, String refused) throws IOException {
        for (TarPolicy policy : List.of(FOLLOW, REFUSE)) {
            String expected = policy.followLinks() ? followed : refused;
            TarIndex index = sample(policy);
            if (expected == null || expected.equals("data")) {
                assertEquals(Optional.ofNullable(expected), index.findFile(asked).map(TarEntry::name), asked);
                assertEquals(Optional.ofNullable(expected), index.resolve(asked).map(TarEntry::name), asked);
            } else {
                IOException e = assertThrows(IOException.class, () -> index.findFile(asked), asked);
                assertTrue(e.getMessage().startsWith("x.tar: entry " + asked + ": ") || e.getMessage().startsWith("x.tar: entry " + asked + " "),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith(expected), e.getMessage());
                assertEquals(Optional.empty(), index.resolve(asked), "a reporting walk says nothing: " + asked);
            }
        }
    }

    private static TarIndex sample(TarPolicy policy) throws IOException {
        TarIndex index = new TarIndex("x.tar", policy);
        index.record("data", TarEntry.Kind.FILE, 3, null);
        index.record("sym", TarEntry.Kind.SYMLINK, 0, "data");
        index.record("hard", TarEntry.Kind.HARDLINK, 0, "./data");
        index.record("chain", TarEntry.Kind.SYMLINK, 0, "sym");
        index.record("loop1", TarEntry.Kind.SYMLINK, 0, "loop2");
        index.record("loop2", TarEntry.Kind.SYMLINK, 0, "loop1");
        index.record("out", TarEntry.Kind.SYMLINK, 0, "../../etc/passwd");
        index.record("dangling", TarEntry.Kind.SYMLINK, 0, "nothing");
        index.record("dir", TarEntry.Kind.DIRECTORY, 0, null);
        index.record("todir", TarEntry.Kind.SYMLINK, 0, "dir");
        return index;
    }

    @Test
    void aStrictReaderRefusesWhatAReportingReaderRecords() throws IOException {
        TarIndex strict = new TarIndex("x.tar", FOLLOW);
        strict.record("./a", TarEntry.Kind.FILE, 1, null);
        IOException dup = assertThrows(IOException.class, () -> strict.record("a/", TarEntry.Kind.FILE, 1, null));
        assertTrue(dup.getMessage().contains("entry a occurs more than once"), dup.getMessage());
        IOException longName = assertThrows(IOException.class, () -> strict.record("n".repeat(201), TarEntry.Kind.FILE, 1, null));
        assertTrue(longName.getMessage().contains("longer than the limit of 200"), longName.getMessage());

        TarIndex reporting = new TarIndex("x.tar", TarPolicy.reporting());
        reporting.record("./a", TarEntry.Kind.FILE, 1, null);
        reporting.record("a/", TarEntry.Kind.FILE, 2, null);
        assertNull(reporting.record("n".repeat(TarPolicy.PATH_MAX + 1), TarEntry.Kind.FILE, 1, null));
        assertNull(reporting.record("../escape", TarEntry.Kind.FILE, 1, null));
        assertNull(reporting.record("./", TarEntry.Kind.DIRECTORY, 0, null));
        assertEquals(List.of("a"), reporting.duplicateNames());
        assertEquals(2, reporting.entries().get("a").size(), "the later entry stands, as extraction leaves it");
        assertEquals(1, reporting.overlongNames().size());
        assertEquals(List.of("../escape"), reporting.rejectedNames(), "the root itself is no rejected name");
    }

    @Test
    void entriesAreCountedAgainstTheLimitWhateverTheirNames() throws IOException {
        TarIndex index = new TarIndex("x.tar", new TarPolicy(2, 200, 1, true, true));
        index.record("/abs", TarEntry.Kind.FILE, 1, null);
        index.record("a", TarEntry.Kind.FILE, 1, null);
        IOException e = assertThrows(IOException.class, () -> index.record("b", TarEntry.Kind.FILE, 1, null));
        assertEquals("x.tar: more than 2 entries", e.getMessage());
    }
}
