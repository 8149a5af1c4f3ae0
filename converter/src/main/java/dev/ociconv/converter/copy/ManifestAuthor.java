package dev.ociconv.converter.copy;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the manifests and indexes ociconv authors: when layers changed (compression), when the
 * source had none (docker save), or when the sink takes the other family (OCI ↔ Docker). Media
 * types of config and layers follow the manifest's family; unknown layer types are kept.
 */
public final class ManifestAuthor {
    private ManifestAuthor() {
    }

    public static RawDocument manifest(MediaType manifestType, Descriptor config, List<Descriptor> layers,
                                       Map<String, String> annotations) {
        boolean docker = manifestType.equals(MediaType.DOCKER_MANIFEST);
        Descriptor cfg = config.withMediaType(docker ? MediaType.DOCKER_CONFIG : configTypeFor(config.mediaType()))
                .withAnnotations(Map.of()).withPlatform(null);
        List<Descriptor> mapped = new ArrayList<>();
        for (Descriptor l : layers) {
            mapped.add(l.withMediaType(layerTypeFor(l.mediaType(), docker)));
        }
        // Docker schema2 has no annotations: only OCI manifests carry them.
        ImageManifest m = new ImageManifest(2, manifestType, null, cfg, mapped, null, docker ? Map.of() : annotations);
        return RawDocument.of(Json.write(m), manifestType);
    }

    public static RawDocument index(MediaType indexType, List<Descriptor> manifests, Map<String, String> annotations) {
        ImageIndex idx = new ImageIndex(2, indexType, null, manifests, null,
                indexType.equals(MediaType.DOCKER_MANIFEST_LIST) ? Map.of() : annotations);
        return RawDocument.of(Json.write(idx), indexType);
    }

    private static MediaType configTypeFor(MediaType source) {
        // an OCI manifest may point at any config type (artifacts); a Docker config becomes OCI's
        return source.equals(MediaType.DOCKER_CONFIG) ? MediaType.OCI_CONFIG : source;
    }

    /** The same layer in the other family: same compression, same foreignness. */
    static MediaType layerTypeFor(MediaType source, boolean docker) {
        if (!source.isLayer()) {
            return source;
        }
        if (source.isDocker() == docker) {
            return source;
        }
        return docker
                ? MediaType.dockerLayer(source.declaredCompression(), source.isForeignLayer())
                : MediaType.ociLayer(source.declaredCompression(), source.isForeignLayer());
    }

    /** The layer type for a compression, in a family. */
    static MediaType layerType(dev.ociconv.model.media.Compression c, boolean foreign, boolean docker) {
        return docker ? MediaType.dockerLayer(c, foreign) : MediaType.ociLayer(c, foreign);
    }
}
