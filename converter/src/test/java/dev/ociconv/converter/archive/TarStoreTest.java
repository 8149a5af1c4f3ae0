package dev.ociconv.converter.archive;

import dev.ociconv.converter.testkit.TestTar;
import dev.ociconv.model.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ways of holding a tar's data answer alike: in place, and in one pass with a spool. */
class TarStoreTest {
    private static final TarPolicy POLICY = new TarPolicy(1000, 4096, 1 << 20, true, true);
    private static final byte[] BIG = "b".repeat(100_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static TestTar sample() {
        return TestTar.create().dir("d/").file("d/doc.json", "{}").file("d/big", BIG).symlink("link", "d/big")
                .file("skip/me", "not wanted");
    }

    /** Holds documents in memory, everything else but skip/ on disk, hashing both. */
    private static final SpoolPolicy DOCS = new SpoolPolicy() {
        @Override
        public boolean wanted(TarEntry file) {
            return !file.name().startsWith("skip/");
        }

        @Override
        public boolean inMemory(TarEntry file) {
            return file.name().endsWith(".json");
        }

        @Override
        public boolean hash() {
            return true;
        }
    };

    private List<TarStore> both() throws IOException {
        Path tar = sample().writeTo(dir.resolve("a.tar"));
        List<TarStore> stores = new ArrayList<>();
        stores.add(RandomAccessTarStore.open(tar, "a.tar", POLICY, TarStore.HeaderObserver.NONE));
        try (InputStream in = Files.newInputStream(tar)) {
            stores.add(SpooledTarStore.read(in, dir.resolve("spool"), "a.tar", POLICY, DOCS, TarStore.HeaderObserver.NONE));
        }
        return stores;
    }

    @Test
    void bothStoresGiveTheSameEntriesAndData() throws IOException {
        for (TarStore store : both()) {
            try (store) {
                assertEquals(List.of("d", "d/doc.json", "d/big", "link", "skip/me"), List.copyOf(store.entries().keySet()));
                assertEquals(5, store.headerCount());
                assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), store.readSmall("./d/doc.json", 10, "doc"));
                try (InputStream in = store.open("link", "layer")) {
                    assertArrayEquals(BIG, in.readAllBytes(), "a link is followed to its file's data");
                }
                IOException small = assertThrows(IOException.class, () -> store.readSmall("d/big", 10, "doc"));
                assertTrue(small.getMessage().startsWith("a.tar: doc d/big"), small.getMessage());
                IOException absent = assertThrows(IOException.class, () -> store.open("nothing", "layer"));
                assertEquals("a.tar: layer nothing is not in the archive", absent.getMessage());
            }
        }
    }

    @Test
    void aOnePassStoreKeepsOnlyWantedFilesAndKnowsTheirDigests() throws IOException {
        List<TarStore> stores = both();
        TarStore inPlace = stores.get(0);
        TarStore spooled = stores.get(1);
        TarEntry skipped = spooled.entries().get("skip/me");
        assertTrue(inPlace.holdsData(skipped));
        assertFalse(spooled.holdsData(skipped), "an unwanted file is listed, never kept");
        TarEntry big = spooled.entries().get("d/big");
        assertEquals(Optional.of(Digest.sha256(BIG)), spooled.knownSha256(big));
        assertEquals(Optional.empty(), inPlace.knownSha256(big), "read in place, nothing was hashed");
        Path spool;
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            spool = s.findFirst().orElseThrow();
        }
        spooled.close();
        inPlace.close();
        assertFalse(Files.exists(spool), "the spool is deleted on close");
    }

    @Test
    void aOnePassStoreStopsAtTheUnpackLimitAndNamesTruncation() throws IOException {
        byte[] tar = sample().toBytes();
        TarPolicy tight = new TarPolicy(1000, 4096, 50_000, true, true);
        IOException bomb = assertThrows(IOException.class, () -> SpooledTarStore.read(new ByteArrayInputStream(tar),
                dir.resolve("spool"), "a.tar", tight, DOCS, TarStore.HeaderObserver.NONE));
        assertEquals("a.tar: more than the limit of 50000 bytes to unpack", bomb.getMessage());

        byte[] cut = java.util.Arrays.copyOf(tar, 2048); // in the middle of d/big's data
        IOException truncated = assertThrows(IOException.class, () -> SpooledTarStore.read(new ByteArrayInputStream(cut),
                dir.resolve("spool"), "a.tar", POLICY, DOCS, TarStore.HeaderObserver.NONE));
        assertTrue(truncated.getMessage().startsWith("a.tar: "), truncated.getMessage());
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            assertEquals(0, s.count(), "a failed read leaves no spool");
        }
    }

    @Test
    void everyHeaderIsObservedEvenWhenItsNameIsRefused() throws IOException {
        Path tar = TestTar.create().file("../escape", "x").file("ok", "y").writeTo(dir.resolve("o.tar"));
        List<String> seen = new ArrayList<>();
        try (TarStore store = RandomAccessTarStore.open(tar, "o.tar", POLICY, e -> seen.add(e.getName()))) {
            assertEquals(List.of("ok"), List.copyOf(store.entries().keySet()));
        }
        assertEquals(2, seen.size());
    }

    @Test
    void aFileThatIsNoTarIsSaidToBeUnreadable() throws IOException {
        Path junk = Files.write(dir.resolve("junk.tar"), "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> RandomAccessTarStore.open(junk, "junk.tar", POLICY,
                TarStore.HeaderObserver.NONE));
        assertTrue(e.getMessage().startsWith("junk.tar: not a readable tar archive: "), e.getMessage());
    }
}
