package dev.ociconv.converter.mirror;

import dev.ociconv.model.media.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTargetTest {
    @ParameterizedTest(name = "{0} --to {1}")
    @CsvSource(delimiter = '|', value = {
            "bundle                  | -           | DIRECTORY | NONE | bundle",
            "oci:bundle.tar          | -           | DIRECTORY | NONE | bundle.tar",
            "bundle.tar              | -           | ARCHIVE   | NONE | bundle.tar",
            "bundle.tar.zst          | -           | ARCHIVE   | ZSTD | bundle.tar.zst",
            "bundle.tgz              | -           | ARCHIVE   | GZIP | bundle.tgz",
            "oci-archive:b           | -           | ARCHIVE   | NONE | b",
            "docker25:images.tar     | -           | DOCKER25  | NONE | images.tar",
            "images.tar              | docker25    | DOCKER25  | NONE | images.tar",
            "out                     | oci-archive | ARCHIVE   | NONE | out",
    })
    void formsFromNamesAndTo(String dest, String to, BundleTarget.Form form, Compression compression, String path) {
        BundleTarget t = BundleTarget.parse(dest, to.equals("-") ? Optional.empty() : Optional.of(to), OptionalLong.empty(), false);
        assertEquals(form, t.form());
        assertEquals(compression, t.compression());
        assertEquals(java.nio.file.Path.of(path), t.path());
        assertTrue(t.staging().getFileName().toString().equals(path + ".partial"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "docker://r.io/x        | -      | push a bundle into a registry with 'ociconv mirror push",
            "-                      | -      | a bundle needs a path",
            "b                      | docker | mirror --to takes oci, oci-archive or docker25",
    })
    void refused(String dest, String to, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleTarget.parse(dest, to.equals("-") ? Optional.empty() : Optional.of(to), OptionalLong.empty(), false));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> BundleTarget.parse("dir", Optional.empty(), OptionalLong.of(1L << 30), false));
        assertTrue(split.getMessage().contains("--split makes volumes of an archive"), split.getMessage());
    }
}
