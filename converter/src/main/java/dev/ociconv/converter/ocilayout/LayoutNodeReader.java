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
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestAssembler;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Turns a descriptor into an {@link ImageNode} by reading, verifying and strictly parsing blobs
 * of a layout.
 *
 * <p>What the bytes are (index, image or artifact) and how they are validated is
 * {@link ManifestAssembler}'s policy, the same for every source; this class only reads the
 * layout's blobs for it. A descriptor type that names no manifest or index (a typo, ggcr's
 * {@code application/vnd.oci.descriptor.v1+json}) is refused here with what the blob calls itself.
 *
 * <p>A manifest, index or config whose blob is absent is a {@link BlobNotFoundException} (a
 * sparse export holding one platform of many); an absent layer is not an error here, only
 * {@link LayerRef#present()} false.
 */
final class LayoutNodeReader {
    private final LayoutStore store;
    private final Limits limits;
    private final String source;
    private final ManifestAssembler assembler;

    LayoutNodeReader(LayoutStore store, Limits limits, String source) {
        this.store = store;
        this.limits = limits;
        this.source = source;
        this.assembler = new ManifestAssembler(limits, this::config, this::layer);
    }

    ImageNode resolve(Descriptor d) throws IOException {
        MediaType type = d.mediaType();
        String what = source + ": " + LayoutStore.blobPath(d.digest());
        if (!type.isIndex() && !type.isManifest()) {
            throw new InvalidDocumentException(what + ": unsupported media type " + type
                    + " (expected an OCI or Docker image manifest or index)" + ownTypeHint(d));
        }
        byte[] bytes = readBlob(d, limits.maxManifestBytes(), what);
        return assembler.assemble(d, new RawDocument(bytes, type, d.digest()), what);
    }

    private RawDocument config(Descriptor config, long limit, String what) throws IOException {
        String configWhat = source + ": " + LayoutStore.blobPath(config.digest()) + " (config)";
        return new RawDocument(readBlob(config, limit, configWhat), config.mediaType(), config.digest());
    }

    private LayerRef layer(Descriptor layer, Digest diffId, int index) throws IOException {
        String path = LayoutStore.blobPath(layer.digest());
        return LayerRef.fromDescriptor(layer, diffId, store.size(path).isPresent(), path);
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
