package dev.ociconv.converter.inspect;

import dev.ociconv.converter.ocilayout.OciLayoutSource;
import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ReferrerTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The referrers oras attached in its end-to-end layout, found as oras and regclient find them: subjects in index.json entries. */
class ReferrerTreeTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            // subject entry | type filter  | referrers, depth first (short digests)
            "foobar          |              | e2c6633a7998 0cb8c4da7e9f",  // an SBOM, and its signature
            "foobar          | test/sbom.file | e2c6633a7998 0cb8c4da7e9f", // the filter keeps the SBOM, shown whole
            "foobar          | nothing/such |",
            "multi           |              | 7679bc22c33b d37baf66300b",  // an index and an artifact refer to the index
            "@13             |              | 359bac7f6a26 938419ae89a9",
            "empty           |              |",
    })
    void referrersOfOrasEntries(String entry, String type, String expected) throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(Samples.sample("oci-dir-oras-artifacts-referrers/layout"),
                Limits.DEFAULT)) {
            var entries = dev.ociconv.converter.copy.ImageSelector.select(src.entries(), Optional.of(entry), src.description());
            ReferrerTree tree = ReferrerTree.of(src, entries.get(0).root(), Optional.ofNullable(type));
            List<String> got = tree.all().stream().map(Descriptor::digest).map(d -> d.shortHex()).toList();
            assertEquals(expected == null ? List.of() : List.of(expected.split(" ")), got);
        }
    }

    /** inspect --referrers: each top-level image with what refers to it; without the flag, nothing asked. */
    @org.junit.jupiter.api.Test
    void inspectListsReferrersWhenAsked() throws IOException {
        try (OciLayoutSource src = OciLayoutSource.openDirectory(Samples.sample("oci-dir-oras-artifacts-referrers/layout"),
                Limits.DEFAULT)) {
            InspectReport asked = ImageInspector.inspect(src, true);
            InspectReport.ImageInfo foobar = asked.images().stream().filter(i -> i.names().contains("foobar")).findFirst().orElseThrow();
            assertEquals(List.of("e2c6633a7998"), foobar.referrers().stream().map(d -> d.digest().shortHex()).toList());
            assertEquals("test/sbom.file", foobar.referrers().get(0).artifactType());
            assertEquals(null, ImageInspector.inspect(src).images().get(0).referrers());
        }
    }
}
