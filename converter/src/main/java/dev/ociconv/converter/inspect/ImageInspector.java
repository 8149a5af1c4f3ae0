package dev.ociconv.converter.inspect;

import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.Platform;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.ArtifactNode;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads what a source holds, without reading any layer. */
public final class ImageInspector {
    private ImageInspector() {
    }

    public static InspectReport inspect(ImageSource source) throws IOException {
        return inspect(source, false);
    }

    /**
     * @param referrers also list what refers to each top-level image ({@link ImageSource#referrers}:
     *                  one more request per image for a registry, hence asked for)
     */
    public static InspectReport inspect(ImageSource source, boolean referrers) throws IOException {
        List<InspectReport.ImageInfo> images = new ArrayList<>();
        for (SourceEntry e : source.entries()) {
            List<InspectReport.PlatformImage> platforms = new ArrayList<>();
            List<InspectReport.ArtifactInfo> artifacts = new ArrayList<>();
            ImageNode node = source.resolve(e.root());
            collect(source, node, e.root(), platforms, artifacts, 0);
            List<dev.ociconv.model.spec.Descriptor> attached = referrers && (e.root().mediaType().isManifest()
                    || e.root().mediaType().isIndex()) ? source.referrers(e.root().digest()) : null;
            images.add(new InspectReport.ImageInfo(e.position(), e.names(), e.root().mediaType().value(),
                    e.root().digest(), platforms, artifacts, attached));
        }
        return new InspectReport(source.description(), images);
    }

    private static void collect(ImageSource source, ImageNode node, Descriptor d,
                                List<InspectReport.PlatformImage> out, List<InspectReport.ArtifactInfo> artifacts,
                                int depth) throws IOException {
        if (depth > dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH) {
            throw dev.ociconv.model.content.Limits.indexTooDeep(source.description());
        }
        if (node instanceof ManifestNode m) {
            out.add(platformImage(m, d));
            return;
        }
        if (node instanceof ArtifactNode a) {
            artifacts.add(artifact(a, d));
            return;
        }
        for (Descriptor child : ((IndexNode) node).index().manifests()) {
            try {
                collect(source, source.resolve(child), child, out, artifacts, depth + 1);
            } catch (BlobNotFoundException missing) {
                out.add(new InspectReport.PlatformImage(child.platform(), child.mediaType().value(), child.digest(),
                        null, null, List.of(), "not present in the source"));
            }
        }
    }

    private static InspectReport.ArtifactInfo artifact(ArtifactNode a, Descriptor d) {
        String refersTo = d.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_DIGEST);
        Digest about = a.subject().map(Descriptor::digest)
                .orElse(refersTo != null && Digest.isValid(refersTo) ? Digest.parse(refersTo) : null);
        return new InspectReport.ArtifactInfo(d.digest(), d.mediaType().value(), d.size(), a.artifactType(),
                d.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE), about, a.blobs().size(), a.manifest().annotations());
    }

    private static InspectReport.PlatformImage platformImage(ManifestNode m, Descriptor d) {
        ImageConfig c = m.parsedConfig();
        Platform p = d.platform() != null ? d.platform() : (c.os() == null ? null : c.platform());
        List<InspectReport.LayerInfo> layers = new ArrayList<>();
        for (LayerRef l : m.layers()) {
            layers.add(new InspectReport.LayerInfo(l.diffId(), l.digest(), l.size(), l.mediaType().value(), l.urls(),
                    l.present(), l.location()));
        }
        return new InspectReport.PlatformImage(p,
                m.manifestRaw().map(r -> r.mediaType().value()).orElse(null),
                m.manifestRaw().map(r -> r.digest()).orElse(null),
                m.config().digest(), c.created(), layers, null);
    }
}
