package dev.ociconv.model.transport;

import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the one assembler makes of a manifest: an image, an artifact (and why), or an error. */
class ManifestAssemblerTest {
    private static final String LAYER = "sha256:" + "1".repeat(64);
    private static final String IMAGE_CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\"sha256:" + "2".repeat(64) + "\"]}}";
    private static final String NO_ROOTFS = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                       | artifactType        | config type                                  | config bytes | layer type                                   | expected
            "runnable OCI image           |                     | application/vnd.oci.image.config.v1+json      | image        | application/vnd.oci.image.layer.v1.tar+gzip   | image",
            "Docker image                 |                     | application/vnd.docker.container.image.v1+json| image        | application/vnd.docker.image.rootfs.diff.tar.gzip | image",
            "BuildKit attestation         |                     | application/vnd.oci.image.config.v1+json      | image        | application/vnd.in-toto+json                  | artifact:layer 0 is application/vnd.in-toto+json",
            "OCI 1.1 artifact             | application/x.sbom  | application/vnd.oci.empty.v1+json             | empty        | application/vnd.oci.image.layer.v1.tar        | artifact:artifactType application/x.sbom",
            "artifactType on an image     | application/x.thing | application/vnd.oci.image.config.v1+json      | image        | application/vnd.oci.image.layer.v1.tar        | artifact:artifactType application/x.thing",
            "cosign signature             |                     | application/vnd.oci.image.config.v1+json      | image        | application/vnd.dev.cosign.simplesigning.v1+json | artifact:layer 0 is application/vnd.dev.cosign",
            "oras config type             |                     | application/vnd.unknown.config.v1+json        | empty        | application/vnd.oci.image.layer.v1.tar        | artifact:config application/vnd.unknown.config.v1+json",
            "image type, no rootfs (oras) |                     | application/vnd.oci.image.config.v1+json      | norootfs     | application/vnd.oci.image.layer.v1.tar        | artifact:its config is not an image config",
            "image, diff_ids disagree     |                     | application/vnd.oci.image.config.v1+json      | image0       | application/vnd.oci.image.layer.v1.tar        | error:1 layers but the config lists 0 diff_ids",
    })
    void classifies(String name, String artifactType, String configType, String configKind, String layerType, String expected)
            throws IOException {
        String config = switch (configKind) {
            case "image" -> IMAGE_CONFIG;
            case "image0" -> "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
            case "norootfs" -> NO_ROOTFS;
            default -> "{}";
        };
        RawDocument configDoc = RawDocument.of(config.getBytes(StandardCharsets.UTF_8), MediaType.of(configType));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + (artifactType == null ? "" : "\"artifactType\":\"" + artifactType + "\",")
                + "\"config\":{\"mediaType\":\"" + configType + "\",\"digest\":\"" + configDoc.digest() + "\",\"size\":"
                + configDoc.size() + "},\"layers\":[{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + LAYER + "\",\"size\":3}]}";
        RawDocument raw = RawDocument.of(manifest.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
        AtomicInteger configReads = new AtomicInteger();
        ManifestAssembler assembler = new ManifestAssembler(Limits.DEFAULT,
                (d, limit, what) -> {
                    configReads.incrementAndGet();
                    assertEquals(configDoc.digest(), d.digest());
                    return configDoc;
                },
                (l, diffId, i) -> LayerRef.fromDescriptor(l, diffId, true, "layer" + i));
        Descriptor d = raw.descriptor();
        if (expected.startsWith("error:")) {
            IOException e = assertThrows(IOException.class, () -> assembler.assemble(d, raw, "m"));
            assertTrue(e.getMessage().contains(expected.substring(6)), e.getMessage());
            return;
        }
        ImageNode node = assembler.assemble(d, raw, "m");
        if (expected.equals("image")) {
            ManifestNode m = (ManifestNode) node;
            assertEquals(1, m.layers().size());
            assertEquals(1, configReads.get());
        } else {
            ArtifactNode a = (ArtifactNode) node;
            assertTrue(a.why().startsWith(expected.substring(9)), a.why());
            assertEquals(raw.digest(), a.raw().digest(), "the exact bytes are kept");
            assertEquals(artifactType != null ? artifactType : configType, a.artifactType());
            // an artifact is known from its manifest alone, unless everything there says "image"
            assertEquals(a.why().startsWith("its config") ? 1 : 0, configReads.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "schema 1          | application/vnd.docker.distribution.manifest.v1+prettyjws | Docker schema 1 manifests are not supported",
            "a layer type      | application/vnd.oci.image.layer.v1.tar                  | unsupported media type",
    })
    void refusesTypesThatNameNoManifest(String name, String type, String message) {
        Descriptor d = new Descriptor(MediaType.of(type), dev.ociconv.model.digest.Digest.parse(LAYER), 3);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> ManifestAssembler.checkType(d, "x"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDocumentWhoseOwnTypeDisagreesIsRefused() {
        String docker = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + LAYER
                + "\",\"size\":3},\"layers\":[]}";
        RawDocument raw = RawDocument.of(docker.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
        ManifestAssembler assembler = new ManifestAssembler(Limits.DEFAULT, (d, l, w) -> {
            throw new AssertionError("no config read");
        }, (l, diffId, i) -> {
            throw new AssertionError("no layer");
        });
        IOException e = assertThrows(IOException.class, () -> assembler.assemble(raw.descriptor(), raw, "m"));
        assertTrue(e.getMessage().contains("document's own mediaType is application/vnd.docker"), e.getMessage());
    }
}
