package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small, valid images made in memory: one gzip layer holding one file, an OCI config and manifest. */
final class TestImages {
    private TestImages() {
    }

    record TestImage(byte[] layer, Digest diffId, byte[] config, RawDocument manifest) {
        Descriptor layerDescriptor() {
            return new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length);
        }

        Descriptor configDescriptor() {
            return new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        }

        Descriptor root() {
            return manifest.descriptor();
        }

        /** Puts everything into a sink in the order the copier uses, then names the image. */
        void writeTo(ImageSink sink, List<String> names) throws IOException {
            sink.putBlob(new BlobWrite(MediaType.OCI_LAYER_GZIP, layerDescriptor().digest(), layer.length, out -> out.write(layer)));
            sink.putBlob(new BlobWrite(MediaType.OCI_CONFIG, configDescriptor().digest(), config.length, out -> out.write(config)));
            sink.putManifest(manifest);
            sink.addImage(root(), names);
        }
    }

    static TestImage make(String fileContent) throws IOException {
        byte[] tar = tar("hello.txt", fileContent.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        Digest diffId = Digest.sha256(tar);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"test " + fileContent.length() + "\"}]}").getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP + "\",\"digest\":\"" + Digest.sha256(layer)
                + "\",\"size\":" + layer.length + "}]}";
        return new TestImage(layer, diffId, config,
                RawDocument.of(manifest.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST));
    }

    static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setModTime(0);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return bytes.toByteArray();
    }
}
