package dev.ociconv.converter.ocilayout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a descriptor into an {@link ImageNode} by reading, verifying and strictly parsing blobs
 * of a layout.
 *
 * <p>Media types. The descriptor's type decides what a blob is read as, and it must be a
 * manifest or index type we know; any other type (an artifact, a typo, ggcr's
 * {@code application/vnd.oci.descriptor.v1+json}) is refused with a message naming it. When the
 * document carries its own {@code mediaType} it must be the descriptor's: a Docker manifest
 * listed as an OCI manifest is an error, not silently re-typed, because copying it would publish
 * a descriptor that lies about its target. A document without its own {@code mediaType} (allowed:
 * the field is only SHOULD in image-spec) takes the descriptor's type, after the parse has ruled
 * out the other kind ({@code manifests} in a manifest, {@code layers}/{@code config} in an index).
 *
 * <p>A manifest, index or config whose blob is absent is a {@link BlobNotFoundException} (a
 * sparse export holding one platform of many); an absent layer is not an error here, only
 * {@link LayerRef#present()} false.
 */
final class LayoutNodeReader {
    private final LayoutStore store;
    private final Limits limits;
    private final String source;

    LayoutNodeReader(LayoutStore store, Limits limits, String source) {
        this.store = store;
        this.limits = limits;
        this.source = source;
    }

    ImageNode resolve(Descriptor d) throws IOException {
        MediaType type = d.mediaType();
        String what = source + ": " + LayoutStore.blobPath(d.digest());
        if (!type.isIndex() && !type.isManifest()) {
            throw new InvalidDocumentException(what + ": unsupported media type " + type
                    + " (expected an OCI or Docker image manifest or index)" + ownTypeHint(d));
        }
        byte[] bytes = readBlob(d, limits.maxManifestBytes(), what);
        JsonNode tree = Json.parseTree(bytes, what);
        JsonNode own = tree.get("mediaType");
        if (own != null && own.isTextual() && !own.asText().equals(type.value())) {
            throw new InvalidDocumentException(what + ": descriptor says " + type
                    + " but the document's own mediaType is " + own.asText());
        }
        RawDocument raw = new RawDocument(bytes, type, d.digest());
        if (type.isIndex()) {
            return new IndexNode(raw, ImageIndex.parse(bytes, what));
        }
        return manifestNode(raw, ImageManifest.parse(bytes, what), what);
    }

    private ManifestNode manifestNode(RawDocument raw, ImageManifest manifest, String what) throws IOException {
        Descriptor configDesc = manifest.config();
        if (!configDesc.mediaType().isConfig()) {
            throw new InvalidDocumentException(what + ": not an image: config mediaType " + configDesc.mediaType()
                    + " (an artifact, or a config type we do not know)");
        }
        String configWhat = source + ": " + LayoutStore.blobPath(configDesc.digest()) + " (config)";
        byte[] configBytes = readBlob(configDesc, limits.maxConfigBytes(), configWhat);
        ImageConfig config = ImageConfig.parse(configBytes, configWhat);
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new InvalidDocumentException(what + ": " + manifest.layers().size() + " layers but the config lists "
                    + diffIds.size() + " diff_ids");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor l = manifest.layers().get(i);
            if (!l.mediaType().isLayer()) {
                throw new InvalidDocumentException(what + ": layer " + i + ": mediaType " + l.mediaType()
                        + " is not a layer type");
            }
            String path = LayoutStore.blobPath(l.digest());
            boolean present = store.size(path).isPresent();
            layers.add(LayerRef.fromDescriptor(l, diffIds.get(i), present, path));
        }
        return new ManifestNode(Optional.of(raw), Optional.of(manifest),
                new RawDocument(configBytes, configDesc.mediaType(), configDesc.digest()), config, layers);
    }

    /** A small blob into memory: size checked first, then bounded and verified while read. */
    byte[] readBlob(Descriptor d, long limit, String what) throws IOException {
        String path = LayoutStore.blobPath(d.digest());
        OptionalLong size = store.size(path);
        if (size.isEmpty()) {
            throw new BlobNotFoundException(what + ": blob missing from the layout");
        }
        if (size.getAsLong() != d.size()) {
            throw new DigestMismatchException(what + ": size " + size.getAsLong() + " bytes, descriptor says " + d.size());
        }
        if (d.size() > limit) {
            throw new BoundedReads.TooLargeException(what + ": " + d.size() + " bytes, larger than the limit of " + limit);
        }
        try (InputStream in = new VerifyingInputStream(store.open(path), d.digest(), d.size(), what)) {
            return BoundedReads.readAtMost(in, limit, what);
        }
    }

    /** What a blob of an unsupported type calls itself, to make the error say more; best effort. */
    private String ownTypeHint(Descriptor d) {
        try {
            byte[] bytes = readBlob(d, limits.maxManifestBytes(), source);
            JsonNode own = Json.parseTree(bytes, source).get("mediaType");
            return own != null && own.isTextual() ? "; the document calls itself " + own.asText() : "";
        } catch (BlobNotFoundException e) {
            return "; its blob is missing too";
        } catch (IOException e) {
            return "";
        }
    }
}
