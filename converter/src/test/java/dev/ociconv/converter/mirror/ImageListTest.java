package dev.ociconv.converter.mirror;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageListTest {
    private static ImageList parse(String yaml) throws IOException {
        return ImageList.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "list.yaml");
    }

    @Test
    void ociconvsFormKeepsEveryEntryWithItsLine() throws IOException {
        ImageList list = parse("""
                platforms: linux/amd64
                images:
                  - registry.example/team/app:1.2
                  - registry.example/team/app@sha256:0000000000000000000000000000000000000000000000000000000000000001
                  - name: registry.example/team/base
                    tags: '^1\\.2'
                    referrers: false
                  - name: registry.example/team/tools
                    allTags: true
                    platforms: [linux/arm64, linux/amd64]
                  - name: docker-archive:app.tar
                    as: registry.example/team/local:1
                """);
        List<ListedImage> e = list.images();
        assertEquals(5, e.size());
        assertEquals("docker://registry.example/team/app:1.2", e.get(0).location());
        assertEquals(3, e.get(0).line());
        assertEquals(ListedImage.Tags.Kind.AS_GIVEN, e.get(1).tags().kind());
        assertEquals(ListedImage.Tags.Kind.MATCHING, e.get(2).tags().kind());
        assertEquals(5, e.get(2).line());
        assertEquals(java.util.Optional.of(false), e.get(2).referrers());
        assertEquals("[linux/amd64]", e.get(2).platforms().toString(), "the list's default platforms");
        assertEquals(ListedImage.Tags.Kind.ALL, e.get(3).tags().kind());
        assertEquals(2, e.get(3).platforms().size());
        assertEquals("docker-archive:app.tar", e.get(4).location());
        assertEquals(java.util.Optional.of("registry.example/team/local:1"), e.get(4).as());
    }

    @Test
    void skopeoSyncsFormReadsAsSkopeoDoes() throws IOException {
        ImageList list = parse("""
                registry.example:
                  images:
                    busybox: []
                    redis:
                      - "1.0"
                      - "2.0"
                      - "sha256:0000000000000000000000000000000011111111111111111111111111111111"
                  images-by-tag-regex:
                    nginx: ^1\\.13\\.[12]-alpine-perl$
                  credentials:
                    username: john
                    password: this is a secret
                  tls-verify: false
                quay.io:
                  images:
                    coreos/etcd:
                      - latest
                """);
        List<ListedImage> e = list.images();
        assertEquals(4, e.size());
        assertEquals("docker://registry.example/busybox", e.get(0).location());
        assertEquals(ListedImage.Tags.Kind.ALL, e.get(0).tags().kind(), "[] is every tag, as in skopeo sync");
        assertEquals(List.of("1.0", "2.0", "sha256:0000000000000000000000000000000011111111111111111111111111111111"),
                e.get(1).tags().listed());
        assertEquals(ListedImage.Tags.Kind.MATCHING, e.get(2).tags().kind());
        assertEquals(java.util.Optional.of(false), e.get(2).registry().tlsVerify());
        assertEquals(java.util.Optional.of("john"), e.get(2).registry().username());
        assertTrue(!e.get(2).registry().toString().contains("secret"), "never a password in a message");
        assertEquals("docker://quay.io/coreos/etcd", e.get(3).location());
        assertEquals(16, e.get(3).line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML                 | 'images: [a, b'                                          | list.yaml:1: not valid YAML
            a list at the top        | '- a'                                                     | list.yaml:1: expected a map at the top
            images not a list        | 'images: x'                                               | list.yaml:1: 'images' must be a list
            unknown entry key        | 'images:\\n  - name: a.io/b\\n    tag: x'               | list.yaml:3: unknown key 'tag' in an entry
            entry without name       | 'images:\\n  - tags: x'                                 | list.yaml:2: an entry without 'name'
            not an image             | 'images:\\n  - \"!!nope\"'                             | list.yaml:2: '!!nope' is neither an image reference
            bad regex                | 'images:\\n  - name: a.io/b\\n    tags: \"[\"'           | list.yaml:3: '[' is not a regular expression
            tags of a tagged name    | 'images:\\n  - name: a.io/b:1\\n    tags: x'            | list.yaml:2: a.io/b:1 names a tag or digest already
            tags of a local source   | 'images:\\n  - name: oci:dir\\n    allTags: true'       | list.yaml:2: tags can be listed only in a registry
            tags and allTags         | 'images:\\n  - name: a.io/b\\n    tags: x\\n    allTags: true' | list.yaml:3: 'tags' and 'allTags: true' exclude each other
            bad platform             | 'images:\\n  - name: a.io/b:1\\n    platforms: [x]'     | list.yaml:3: 'x'
            bad boolean              | 'images:\\n  - name: a.io/b:1\\n    referrers: maybe'   | list.yaml:3: 'referrers' is true or false
            empty                    | 'images: []'                                              | list.yaml:1: names no image
            skopeo semver            | 'r.io:\\n  images-by-semver:\\n    a: \">= 1\"'         | list.yaml:2: images-by-semver is not supported
            skopeo tagged repository | 'r.io:\\n  images:\\n    a:1: []'                        | list.yaml:3: 'r.io/a:1' is not a repository
            skopeo bad tag           | 'r.io:\\n  images:\\n    a: [\"no tag!\"]'               | list.yaml:3: a: 'no tag!' is neither a tag nor a digest
            skopeo unknown key       | 'r.io:\\n  image: {a: []}'                               | list.yaml:2: unknown key 'image' in registry r.io
            skopeo half credentials  | 'r.io:\\n  images: {a: []}\\n  credentials: {username: u}' | list.yaml:3: credentials of r.io need both
            key twice                | 'images: [a.io/b:1]\\nimages: [a.io/b:2]'               | list.yaml:2: 'images' given twice
            """)
    void badListsAreRefusedByLine(String name, String yaml, String message) {
        ImageListException e = assertThrows(ImageListException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
