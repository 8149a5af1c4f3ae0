package dev.ociconv.converter.ocilayout;

import dev.ociconv.converter.testkit.Samples;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Source to sink, blob for blob, the way the copier drives them (layers, config, manifest, index,
 * then the name): the multi-platform sample keeps both platforms, and skopeo reads the result.
 */
class LayoutRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void multiPlatformLayoutCopiesWhole() throws Exception {
        Path out = tmp.resolve("copy");
        List<SourceEntry> entries;
        try (OciLayoutSource src = OciLayoutSource.openDirectory(
                Samples.sample("oci-dir-buildkit-multiplatform-nested-index/layout"), Limits.DEFAULT);
             OciLayoutSink sink = OciLayoutSink.directory(out)) {
            entries = src.entries();
            for (SourceEntry e : entries) {
                copy(src, sink, e.root());
                sink.addImage(e.root(), e.names());
            }
            sink.commit();
        }
        OciLayoutSinkTest.checkSpecRules(out);
        try (OciLayoutSource copy = OciLayoutSource.openDirectory(out, Limits.DEFAULT)) {
            SourceEntry e = copy.entries().get(0);
            assertEquals(entries.get(0).names(), e.names());
            assertEquals(entries.get(0).root(), e.root(), "digest, size and annotations survive");
            IndexNode idx = assertInstanceOf(IndexNode.class, copy.resolve(e.root()));
            for (Descriptor child : idx.index().manifests()) {
                OciLayoutSourceSamplesTest.drainAndCheckDiffIds(copy, (ManifestNode) copy.resolve(child));
            }
        }
        Assumptions.assumeTrue(ExternalTool.onPath("skopeo"), "skopeo not installed");
        ExternalTool.Result r = ExternalTool.run(tmp, 120, List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--all", "oci:" + out + ":latest", "dir:" + tmp.resolve("x")));
        assertEquals(0, r.exitCode(), r.output());
    }

    private static void copy(OciLayoutSource src, OciLayoutSink sink, Descriptor d) throws IOException {
        ImageNode node = src.resolve(d);
        if (node instanceof IndexNode idx) {
            for (Descriptor child : idx.index().manifests()) {
                copy(src, sink, child);
            }
            sink.putManifest(idx.raw());
            return;
        }
        ManifestNode m = (ManifestNode) node;
        for (LayerRef l : m.layers()) {
            if (!sink.hasBlob(l.digest(), l.size())) {
                sink.putBlob(new BlobWrite(l.mediaType(), l.digest(), l.size(), o -> {
                    try (InputStream in = src.openLayer(l)) {
                        in.transferTo(o);
                    }
                }));
            }
        }
        sink.putBlob(new BlobWrite(m.config().mediaType(), m.config().digest(), m.config().size(),
                o -> o.write(m.config().bytes())));
        sink.putManifest(m.manifestRaw().orElseThrow());
    }
}
