package dev.ociconv.converter.mirror;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagExpansionTest {
    private static final Map<String, List<String>> TAGS = Map.of(
            "r.io/team/app", List.of("1.0", "1.1", "2.0", "dev"),
            "r.io/team/empty", List.of());

    private final List<String> asked = new ArrayList<>();

    private List<MirrorImage> expand(String yaml) throws IOException {
        ImageList list = ImageList.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "l.yaml");
        return TagExpansion.expand(list, (repository, settings) -> {
            asked.add(repository);
            return TAGS.get(repository);
        });
    }

    @Test
    void tagListsAreExpandedAndImagesNamedTwiceCarriedOnce() throws IOException {
        List<MirrorImage> images = expand("""
                images:
                  - name: r.io/team/app
                    tags: '^1\\.'
                  - r.io/team/app:1.0
                  - r.io/team/app
                  - name: r.io/team/app
                    allTags: true
                """);
        assertEquals(List.of("r.io/team/app:1.0", "r.io/team/app:1.1", "r.io/team/app:latest", "r.io/team/app:2.0",
                "r.io/team/app:dev"), images.stream().map(MirrorImage::label).toList());
        assertEquals(List.of("r.io/team/app", "r.io/team/app"), asked, "only entries that need the tag list ask for it");
        assertEquals("docker://r.io/team/app:1.1", images.get(1).location());
    }

    @Test
    void aRegexThatMatchesNothingIsAnErrorOnItsLine() {
        ImageListException e = assertThrows(ImageListException.class, () -> expand("""
                images:
                  - r.io/team/app:1.0
                  - name: r.io/team/app
                    tags: '^3\\.'
                """));
        assertEquals("l.yaml:3: no tag of r.io/team/app matches '^3\\.' (it has 4 tags)", e.getMessage());
        ImageListException none = assertThrows(ImageListException.class, () -> expand("r.io:\n  images:\n    team/empty: []\n"));
        assertTrue(none.getMessage().startsWith("l.yaml:3: r.io/team/empty has no tags"), none.getMessage());
    }

    @Test
    void localSourcesKeepTheirOwnNamesUnlessRenamed() throws IOException {
        java.nio.file.Path tar = java.nio.file.Files.createTempFile("img", ".tar");
        try {
            List<MirrorImage> images = expand("images:\n  - " + tar + "\n  - name: docker-archive:" + tar + "\n    as: r.io/x/y:1\n");
            assertEquals(java.util.Optional.empty(), images.get(0).name());
            assertEquals(java.util.Optional.of("r.io/x/y:1"), images.get(1).name());
        } finally {
            java.nio.file.Files.delete(tar);
        }
    }
}
