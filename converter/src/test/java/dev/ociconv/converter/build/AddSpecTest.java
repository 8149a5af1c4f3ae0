package dev.ociconv.converter.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello.txt:/hello.txt     | hello.txt   | /hello.txt    | hello.txt     | false",
            "site/:/usr/share/www/    | site        | /usr/share/www/ | usr/share/www | true",
            "a/b.txt:/                | a/b.txt     | /             | ''            | true",
            "x:/a//./b                | x           | /a//./b       | a/b           | false",
            "dir/with:colon:/d        | dir/with:colon | /d         | d             | false"})
    void parses(String text, String source, String dest, String imagePath, boolean destIsDir) {
        AddSpec a = AddSpec.parse(text);
        assertEquals(Path.of(source), a.source());
        assertEquals(dest, a.dest());
        assertEquals(imagePath, a.imagePath());
        assertEquals(destIsDir, a.destIsDirectory());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.txt", ":/x", "hello.txt:", "hello.txt:relative", "a:/../etc/passwd", "a:/x/../../y"})
    void rejectsBadSpecs(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddSpec.parse(text));
        assertTrue(e.getMessage().contains("--add"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void instructionIsDockerfileLike() {
        assertEquals("ADD hello.txt /hello.txt", AddSpec.parse("some/dir/hello.txt:/hello.txt").instruction());
    }
}
