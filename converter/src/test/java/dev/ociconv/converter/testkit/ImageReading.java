package dev.ociconv.converter.testkit;

import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingInputStream;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Reads the images of any {@link ImageSource} completely: resolves each entry's root (a config
 * or a manifest), checks layer count against diff_ids, drains every present layer through the
 * source's verification and checks its uncompressed sha256 against its diffID.
 */
public final class ImageReading {
    private ImageReading() {
    }

    /** Resolves an entry's root to the image node (roots here are configs or manifests). */
    public static ManifestNode image(ImageSource source, SourceEntry entry) throws IOException {
        ImageNode node = source.resolve(entry.root());
        return assertInstanceOf(ManifestNode.class, node);
    }

    /** Drains every present layer of every entry; returns the diffIDs computed, per image. */
    public static List<List<Digest>> readAll(ImageSource source) throws IOException {
        List<List<Digest>> all = new ArrayList<>();
        for (SourceEntry e : source.entries()) {
            ManifestNode node = image(source, e);
            assertEquals(node.parsedConfig().diffIds().size(), node.layers().size());
            assertEquals(Digest.sha256(node.config().bytes()), node.config().digest());
            List<Digest> diffIds = new ArrayList<>();
            for (LayerRef layer : node.layers()) {
                if (layer.present()) {
                    Digest d = diffId(source, layer);
                    assertEquals(layer.diffId(), d, "diffID of " + layer.location());
                    diffIds.add(d);
                }
            }
            all.add(diffIds);
        }
        return all;
    }

    /** Reads a layer to its end through the source's verification, and hashes it uncompressed. */
    public static Digest diffId(ImageSource source, LayerRef layer) throws IOException {
        try (InputStream raw = source.openLayer(layer)) {
            DigestingInputStream stored = new DigestingInputStream(raw);
            InputStream plain = Compressors.decompress(stored, layer.compression());
            DigestingInputStream uncompressed = new DigestingInputStream(plain);
            uncompressed.transferTo(OutputStream.nullOutputStream());
            stored.transferTo(OutputStream.nullOutputStream()); // past any compressed trailer: verification at EOF
            if (layer.size() >= 0) {
                assertEquals(layer.size(), stored.count(), "stored size of " + layer.location());
            }
            if (layer.digest() != null) {
                assertEquals(layer.digest(), stored.digest(), "digest of " + layer.location());
            }
            return uncompressed.digest();
        }
    }
}
