package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private volatile SourceEntry entry;

    public RegistrySource(ImageReference reference, RegistryClient client) {
        this.reference = reference;
        this.client = client;
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
        MediaType type = descriptor.mediaType();
        String what = description() + ": " + type + " " + descriptor.digest();
        if (type.equals(MediaType.DOCKER_SCHEMA1) || type.equals(MediaType.DOCKER_SCHEMA1_SIGNED)) {
            throw new IOException(what + ": Docker schema 1 manifests are not supported");
        }
        if (!type.isIndex() && !type.isManifest()) {
            throw new IOException(what + ": not a manifest or index");
        }
        RawDocument raw = document(descriptor, what);
        if (type.isIndex()) {
            return new IndexNode(raw, ImageIndex.parse(raw.bytes(), what));
        }
        ImageManifest manifest = ImageManifest.parse(raw.bytes(), what);
        RawDocument config = config(manifest.config(), what);
        ImageConfig parsed = ImageConfig.parse(config.bytes(), what + " config " + manifest.config().digest());
        List<Digest> diffIds = parsed.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new IOException(what + ": " + manifest.layers().size() + " layers but the config lists "
                    + diffIds.size() + " diff_ids");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor l = manifest.layers().get(i);
            layers.add(LayerRef.fromDescriptor(l, diffIds.get(i), !l.mediaType().isForeignLayer(),
                    reference.registry() + "/" + reference.repository() + "@" + l.digest()));
        }
        return new ManifestNode(Optional.of(raw), Optional.of(manifest), config, parsed, layers);
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

    private RawDocument config(Descriptor d, String what) throws IOException {
        long limit = client.options().limits().maxConfigBytes();
        if (d.size() > limit) {
            throw new BoundedReads.TooLargeException(what + ": config of " + d.size() + " bytes, larger than the limit of " + limit);
        }
        try (InputStream in = openBlob(d)) {
            byte[] bytes = BoundedReads.readAtMost(in, limit, what + " config");
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
