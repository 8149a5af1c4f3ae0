package dev.ociconv.converter.dockerarchive;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.StoredBlob;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test-only: tiny images built in memory and fed to a sink the way the copier does. */
final class SinkTestImages {
    private SinkTestImages() {
    }

    /** An uncompressed layer with one file. */
    static byte[] layer(String path, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(path);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] config(List<byte[]> layers, String created, String extra) {
        String diffIds = layers.stream().map(l -> "\"" + Digest.sha256(l) + "\"").collect(Collectors.joining(","));
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + created + "\"" + extra
                + ",\"config\":{\"Env\":[\"A=<b>&c\"],\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
    }

    /** putBlob each layer and the config, putManifest, addImage: returns the manifest's descriptor. */
    static Descriptor feed(ImageSink sink, byte[] config, List<byte[]> layers, List<Descriptor> layerTypes,
                           Map<String, String> annotations, List<String> names) throws IOException {
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            byte[] layer = layers.get(i);
            Descriptor given = layerTypes == null ? null : layerTypes.get(i);
            if (given != null && given.mediaType().isForeignLayer() && layer == null) {
                descriptors.add(given);
                continue;
            }
            StoredBlob b = sink.putBlob(new BlobWrite(MediaType.DOCKER_LAYER, Digest.sha256(layer), layer.length, o -> o.write(layer)));
            descriptors.add(given != null ? given : new Descriptor(MediaType.DOCKER_LAYER, b.digest(), b.size()));
        }
        StoredBlob c = sink.putBlob(new BlobWrite(MediaType.DOCKER_CONFIG, Digest.sha256(config), config.length, o -> o.write(config)));
        ImageManifest m = new ImageManifest(2, MediaType.DOCKER_MANIFEST, null,
                new Descriptor(MediaType.DOCKER_CONFIG, c.digest(), c.size()), descriptors, null, annotations);
        RawDocument doc = RawDocument.of(Json.write(m), MediaType.DOCKER_MANIFEST);
        sink.putManifest(doc);
        sink.addImage(doc.descriptor(), names);
        return doc.descriptor();
    }
}
