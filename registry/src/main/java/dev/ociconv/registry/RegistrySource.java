package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.BlobOrigin;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestAssembler;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One image in a registry, as an {@link ImageSource}: {@code docker://host/repo:tag} or {@code …@sha256:…}.
 *
 * <p>{@link #entries()} is the one referenced manifest or index (fetched once, verified against
 * the reference's digest or the registry's {@code Docker-Content-Digest}), named by the reference.
 * Everything else is fetched by digest and verified: documents within the
 * {@link dev.ociconv.model.content.Limits}, blobs as they stream.
 */
public final class RegistrySource implements ImageSource {
    private final ImageReference reference;
    private final RegistryClient client;
    private final Map<Digest, RawDocument> documents = new ConcurrentHashMap<>();
    private final ManifestAssembler assembler;
    private volatile SourceEntry entry;

    public RegistrySource(ImageReference reference, RegistryClient client) {
        this.reference = reference;
        this.client = client;
        this.assembler = new ManifestAssembler(client.options().limits(), this::config, this::layer);
    }

    /** A source for {@code reference} with its own client. */
    public static RegistrySource open(ImageReference reference, RegistryOptions options) throws IOException {
        return new RegistrySource(reference, RegistryClient.forReference(reference, options));
    }

    @Override
    public String description() {
        return reference.description();
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        SourceEntry e = entry;
        if (e == null) {
            RawDocument root = client.getManifest(reference.repository(), reference.manifestReference());
            documents.put(root.digest(), root);
            e = new SourceEntry(List.of(reference.toString()), root.descriptor(), 0);
            entry = e;
        }
        return List.of(e);
    }

    @Override
    public ImageNode resolve(Descriptor descriptor) throws IOException {
        String what = description() + ": " + descriptor.mediaType() + " " + descriptor.digest();
        ManifestAssembler.checkType(descriptor, what); // before any request
        return assembler.assemble(descriptor, document(descriptor, what), what);
    }

    private LayerRef layer(Descriptor l, Digest diffId, int index) {
        return LayerRef.fromDescriptor(l, diffId, !l.mediaType().isForeignLayer(),
                reference.registry() + "/" + reference.repository() + "@" + l.digest());
    }

    private RawDocument document(Descriptor d, String what) throws IOException {
        RawDocument raw = documents.get(d.digest());
        if (raw == null) {
            try {
                raw = client.getManifest(reference.repository(), d.digest().toString());
            } catch (RegistryException e) {
                throw notFound(e);
            }
            documents.put(d.digest(), raw);
        }
        if (raw.size() != d.size()) {
            throw new IOException(what + ": " + raw.size() + " bytes, the descriptor says " + d.size());
        }
        return raw;
    }

    /** A config, bounded (the assembler has checked its declared size) and verified as it streams. */
    private RawDocument config(Descriptor d, long limit, String what) throws IOException {
        try (InputStream in = openBlob(d)) {
            byte[] bytes = BoundedReads.readAtMost(in, limit, what);
            return new RawDocument(bytes, d.mediaType(), d.digest());
        }
    }

    @Override
    public InputStream openLayer(LayerRef layer) throws IOException {
        if (layer.digest() == null) {
            throw new IOException(description() + ": layer " + layer.location() + " has no digest");
        }
        return blob(layer.digest(), layer.size());
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return blob(descriptor.digest(), descriptor.size());
    }

    /**
     * A blob's bytes from {@code offset} on, unverified, where the registry serves ranges (see
     * {@link RegistryClient#openBlobFrom}); empty where it does not.
     */
    public java.util.Optional<InputStream> openBlobFrom(Digest digest, long size, long offset) throws IOException {
        try {
            return client.openBlobFrom(reference.repository(), digest, size, offset);
        } catch (RegistryException e) {
            throw notFound(e);
        }
    }

    private InputStream blob(Digest digest, long size) throws IOException {
        try {
            return client.openBlob(reference.repository(), digest, size);
        } catch (RegistryException e) {
            throw notFound(e);
        }
    }

    /** A 404 is "not there" (the copier may fall back), not a failure of the registry. */
    private IOException notFound(RegistryException e) {
        return e.status() == 404 ? new BlobNotFoundException(description() + ": " + e.getMessage()) : e;
    }

    /** The registry's referrers API, else the fallback tag (see {@link RegistryClient#referrers}). */
    @Override
    public List<Descriptor> referrers(Digest subject) throws IOException {
        return client.referrers(reference.repository(), subject, java.util.Optional.empty());
    }

    @Override
    public java.util.Optional<BlobOrigin> origin() {
        return java.util.Optional.of(new BlobOrigin(reference.registry(), reference.repository()));
    }

    public ImageReference reference() {
        return reference;
    }

    public RegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
