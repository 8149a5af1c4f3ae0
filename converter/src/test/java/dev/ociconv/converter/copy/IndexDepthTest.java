package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One cap on index nesting, checked before descending: a deep chain is an error line, never a StackOverflowError. */
class IndexDepthTest {
    /** {@code levels} indexes, each holding the next, the last holding one image. */
    private static MemoryImages.Source chain(int levels) throws IOException {
        MemoryImages.Source s = new MemoryImages.Source();
        Descriptor d = s.addOci(List.of("x".getBytes(StandardCharsets.UTF_8)), "amd64");
        for (int i = 0; i < levels; i++) {
            d = s.addIndex(List.of(d), List.of());
        }
        SourceEntry top = s.entries.get(s.entries.size() - 1);
        s.entries.clear();
        s.entries.add(new SourceEntry(List.of("deep:1"), top.root(), 0));
        return s;
    }

    @Test
    void eightLevelsAreCopied() throws IOException {
        MemoryImages.Sink sink = MemoryImages.Sink.oci();
        new ImageCopier().copy(chain(8), sink, CopyOptions.defaults());
        assertEquals(1, sink.images.size());
    }

    @ParameterizedTest(name = "{0} levels")
    @ValueSource(ints = {9, 20_000})
    void deeperIsRefusedWithOneLine(int levels) throws IOException {
        MemoryImages.Source source = chain(levels);
        IOException e = assertThrows(IOException.class,
                () -> new ImageCopier().copy(source, MemoryImages.Sink.oci(), CopyOptions.defaults()));
        assertTrue(e.getMessage().endsWith("indexes nested more than 8 deep"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} platforms")
    @CsvSource({"3, 'linux/a0, linux/a1, linux/a2'", "10000, 'linux/a0, linux/a1, linux/a2, linux/a3, linux/a4, linux/a5, "
            + "linux/a6, linux/a7, linux/a8, linux/a9 and 9,990 more'"})
    void theListOfPlatformsInAnErrorStaysShort(int count, String expected) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add("linux/a" + i);
            seen.add("linux/a" + i); // twice: listed once
        }
        assertEquals(expected, PlatformMatch.listed(seen));
    }
}
