package dev.ociconv.registry;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobOrigin;
import dev.ociconv.model.transport.BlobReuse;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ReferrerScan;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.SinkCapabilities;
import dev.ociconv.model.transport.StoredBlob;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A registry repository as an {@link ImageSink}: {@code docker://host/repo:tag}.
 *
 * <ul>
 *   <li>{@link #putBlob}: uploaded (monolithic when small and of known digest, else streamed; see
 *       {@link RegistryClient#pushBlob}). {@link #hasBlob}: {@code HEAD}. {@link #tryReuse}: that
 *       {@code HEAD}, then a cross-repository mount when the source is another repository here.</li>
 *   <li>{@link #putManifest}: pushed by digest at once (children of an index must exist before it).</li>
 *   <li>{@link #addImage}: records the root; {@link #commit()} then puts it under the sink reference's
 *       tag and under every name that is a bare tag ({@code v1}, not {@code repo:v1}; other names
 *       are ignored, the destination is the sink's reference). Tags are written only at commit, so
 *       closing without commit leaves no tag changed: what was pushed is only reachable by digest.
 *       If the sink reference names a digest instead of a tag, the root must have that digest.</li>
 * </ul>
 */
public final class RegistrySink implements ImageSink {
    private static final Pattern BARE_TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final SinkCapabilities CAPABILITIES = new SinkCapabilities(
            List.of(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST), true,
            Optional.empty(), Optional.of(Compression.GZIP), false, true);

    private final ImageReference reference;
    private final RegistryClient client;
    private final Map<Digest, RawDocument> pushed = new ConcurrentHashMap<>();
    private final Map<String, Descriptor> pendingTags = new LinkedHashMap<>();

    public RegistrySink(ImageReference reference, RegistryClient client) {
        this.reference = reference;
        this.client = client;
    }

    /** A sink for {@code reference} with its own client. */
    public static RegistrySink open(ImageReference reference, RegistryOptions options) throws IOException {
        return new RegistrySink(reference, RegistryClient.forReference(reference, options));
    }

    @Override
    public String description() {
        return reference.description();
    }

    @Override
    public SinkCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public boolean hasBlob(Digest digest, long size) throws IOException {
        Optional<Long> found = client.blobSize(reference.repository(), digest);
        return found.isPresent() && (size < 0 || found.get() < 0 || found.get() == size);
    }

    /**
     * Present (HEAD), else, when the source is another repository of this registry, mounted from
     * it. A registry that refuses the mount (202: upload instead) or answers with an error (no pull
     * right on the source for these credentials) gets an upload.
     */
    @Override
    public BlobReuse tryReuse(Digest digest, long size, Optional<BlobOrigin> origin) throws IOException {
        if (hasBlob(digest, size)) {
            return BlobReuse.PRESENT;
        }
        if (origin.isEmpty() || !origin.get().registry().equals(reference.registry())
                || origin.get().repository().equals(reference.repository())) {
            return BlobReuse.NONE;
        }
        try {
            return client.mountBlob(reference.repository(), digest, origin.get().repository()) ? BlobReuse.MOUNTED : BlobReuse.NONE;
        } catch (RegistryException refused) {
            return BlobReuse.NONE;
        }
    }

    @Override
    public StoredBlob putBlob(BlobWrite blob) throws IOException {
        return client.pushBlob(reference.repository(), blob);
    }

    @Override
    public void putManifest(RawDocument document) throws IOException {
        boolean indexed = client.putManifestIndexingSubject(reference.repository(), document.digest().toString(), document);
        pushed.put(document.digest(), document);
        if (!indexed) {
            // a registry without the referrers API: the pusher keeps the sha256-<hex> tag's index
            var referrer = ReferrerScan.referrer(document, description() + ": " + document.digest());
            if (referrer.isPresent()) {
                client.addFallbackReferrer(reference.repository(), referrer.get().subject(), referrer.get().descriptor());
            }
        }
    }

    @Override
    public synchronized void addImage(Descriptor root, List<String> names) throws IOException {
        if (reference.tag() == null) {
            if (!root.digest().equals(reference.digest())) {
                throw new IOException(description() + ": image " + root.digest() + " cannot be stored under digest "
                        + reference.digest());
            }
        } else {
            pendingTags.put(reference.tag(), root);
        }
        for (String name : names) {
            if (BARE_TAG.matcher(name).matches()) {
                pendingTags.put(name, root);
            }
        }
    }

    /** The tags {@link #commit()} will write, in order. */
    public synchronized List<String> pendingTags() {
        return new ArrayList<>(pendingTags.keySet());
    }

    @Override
    public synchronized void commit() throws IOException {
        for (Map.Entry<String, Descriptor> e : pendingTags.entrySet()) {
            Descriptor root = e.getValue();
            RawDocument doc = pushed.get(root.digest());
            if (doc == null) {
                // Put by an earlier run or mounted: the registry has the bytes.
                doc = client.getManifest(reference.repository(), root.digest().toString());
            }
            client.putManifest(reference.repository(), e.getKey(), doc);
        }
    }

    public ImageReference reference() {
        return reference;
    }

    @Override
    public void close() {
        // Blobs and manifests pushed by digest stay (a registry has no transactions); no tag moved
        // unless commit() ran. The registry's garbage collector reclaims the rest.
        client.close();
    }
}
