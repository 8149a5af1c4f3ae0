package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What refers to a manifest, as distribution-spec 1.1 says: {@code GET /v2/<name>/referrers/<digest>}
 * (an image index of descriptors, {@code Link}-paginated, optionally filtered by
 * {@code artifactType}); where the registry answers 404 for it (registry:2 before 3.0, many
 * others), the fallback tag {@code sha256-<hex>}, an index that clients maintain.
 *
 * <p>Pages are followed as tag lists are ({@link LinkPages}): at most {@link #MAX_PAGES} pages and
 * {@link #MAX_REFERRERS} descriptors.
 */
final class Referrers {
    static final int MAX_PAGES = 1_000;
    static final int MAX_REFERRERS = 100_000;
    static final int FALLBACK_ATTEMPTS = 5;

    private final RegistryClient client;

    Referrers(RegistryClient client) {
        this.client = client;
    }

    /** The fallback tag of a subject: {@code sha256-<hex>}. */
    static String fallbackTag(Digest subject) {
        return subject.algorithm() + "-" + subject.hex();
    }

    List<Descriptor> list(String repository, Digest subject, Optional<String> artifactType) throws IOException {
        String what = "referrers of " + subject.shortHex() + " in " + repository + " on " + client.registry();
        HttpUrl first = client.url(repository, "referrers/" + subject);
        if (artifactType.isPresent()) {
            first = first.newBuilder().addQueryParameter("artifactType", artifactType.get()).build();
        }
        List<Descriptor> out = new ArrayList<>();
        boolean[] noApi = {false};
        LinkPages.follow(client, first, repository, MediaType.OCI_INDEX.value(), what, MAX_PAGES, (r, page) -> {
            if (r.code() == 404 && page == 0) {
                noApi[0] = true;
                return false;
            }
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            byte[] bytes;
            try (InputStream in = r.body().byteStream()) {
                bytes = BoundedReads.readAtMost(in, r.body().contentLength(), client.options().limits().maxManifestBytes(), what);
            }
            add(out, ImageIndex.parse(bytes, what).manifests(), artifactType, what);
            return true;
        });
        return noApi[0] ? fallback(repository, subject, artifactType, what) : out;
    }

    /** The fallback tag's index, or nothing when the tag does not exist. */
    private List<Descriptor> fallback(String repository, Digest subject, Optional<String> artifactType, String what)
            throws IOException {
        RawDocument doc;
        try {
            doc = client.getManifest(repository, fallbackTag(subject));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
        if (!doc.mediaType().isIndex()) {
            throw new InvalidDocumentException(what + ": the fallback tag " + fallbackTag(subject) + " is a "
                    + doc.mediaType() + ", not an index of referrers");
        }
        List<Descriptor> out = new ArrayList<>();
        add(out, ImageIndex.parse(doc.bytes(), what + " (tag " + fallbackTag(subject) + ")").manifests(), artifactType, what);
        return out;
    }

    /**
     * Adds a referrer to the fallback tag's index: read it (none yet: an empty index), keep every
     * entry others put there, add this one unless present, put it back, and read it again to see
     * that the entry stayed. A registry has no compare-and-swap for tags, so a writer that
     * overwrote ours at the same moment is answered by trying again (at most
     * {@link #FALLBACK_ATTEMPTS} times), each time on top of what the other wrote.
     */
    void addToFallback(String repository, Digest subject, Descriptor referrer) throws IOException {
        String tag = fallbackTag(subject);
        String what = "referrers tag " + tag + " in " + repository + " on " + client.registry();
        for (int attempt = 1; attempt <= FALLBACK_ATTEMPTS; attempt++) {
            List<Descriptor> entries = new ArrayList<>(fallback(repository, subject, Optional.empty(), what));
            if (entries.stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
                return;
            }
            entries.add(referrer);
            ImageIndex index = new ImageIndex(2, MediaType.OCI_INDEX, null, entries, null, null);
            RawDocument doc = RawDocument.of(dev.ociconv.model.json.Json.write(index), MediaType.OCI_INDEX);
            client.putManifest(repository, tag, doc);
            if (fallback(repository, subject, Optional.empty(), what).stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
                return;
            }
        }
        throw new IOException(what + ": another writer kept replacing it; " + referrer.digest().shortHex()
                + " is pushed but not listed there after " + FALLBACK_ATTEMPTS + " attempts");
    }

    /** The filter is applied here too: a registry may ignore it (it says so with OCI-Filters-Applied, or not at all). */
    private static void add(List<Descriptor> out, List<Descriptor> page, Optional<String> artifactType, String what)
            throws IOException {
        for (Descriptor d : page) {
            if (artifactType.isPresent() && !artifactType.get().equals(d.artifactType())) {
                continue;
            }
            if (out.size() == MAX_REFERRERS) {
                throw new IOException(what + ": more than " + MAX_REFERRERS + " referrers");
            }
            out.add(d);
        }
    }
}
