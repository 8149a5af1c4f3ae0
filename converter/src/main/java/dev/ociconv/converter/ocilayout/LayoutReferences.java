package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Every blob an OCI layout's index.json reaches: its manifests and indexes, their configs and
 * layers, through nested indexes (iteratively, to a bounded depth); what a writer's clean-up must
 * never delete. A document that cannot be read counts as reaching nothing more (it is kept).
 */
final class LayoutReferences {
    private static final int MAX_DEPTH = Limits.MAX_INDEX_DEPTH;

    private LayoutReferences() {
    }

    static Set<Digest> of(Path layout, ImageIndex index, String description) throws IOException {
        Set<Digest> reached = new HashSet<>();
        if (index == null) {
            return reached;
        }
        record Pending(Descriptor descriptor, int depth) {
        }
        Deque<Pending> todo = new ArrayDeque<>();
        index.manifests().forEach(d -> todo.add(new Pending(d, 1)));
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            Descriptor d = p.descriptor();
            if (!reached.add(d.digest()) || p.depth() > MAX_DEPTH) {
                continue;
            }
            Path file = layout.resolve(LayoutStore.blobPath(d.digest()));
            if (!Files.isRegularFile(file) || !(d.mediaType().isIndex() || d.mediaType().isManifest())) {
                continue;
            }
            byte[] doc;
            try (InputStream in = Files.newInputStream(file)) {
                doc = BoundedReads.readAtMost(in, Limits.DEFAULT.maxManifestBytes(), description + ": " + d.digest());
            }
            try {
                if (d.mediaType().isIndex()) {
                    ImageIndex.parse(doc, description).manifests().forEach(c -> todo.push(new Pending(c, p.depth() + 1)));
                } else {
                    ImageManifest m = ImageManifest.parse(doc, description);
                    reached.add(m.config().digest());
                    m.layers().forEach(l -> reached.add(l.digest()));
                }
            } catch (InvalidDocumentException e) {
                // not ours to judge here: the blob itself is kept, what it names is not known
            }
        }
        return reached;
    }
}
