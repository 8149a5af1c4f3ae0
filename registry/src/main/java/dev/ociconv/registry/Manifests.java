package dev.ociconv.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.registry.auth.AuthScope;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The manifest and tag endpoints: {@code /v2/<name>/manifests/<reference>}, {@code /v2/<name>/tags/list}. */
final class Manifests {
    static final List<MediaType> ACCEPTED = List.of(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);
    private static final int MAX_TAG_PAGES = 10_000;
    /** Far beyond any real repository (Docker Hub's largest have tens of thousands), within a small heap. */
    static final int MAX_TAGS = 1_000_000;

    private final RegistryClient client;

    Manifests(RegistryClient client) {
        this.client = client;
    }

    private Request.Builder request(String repository, String reference, AuthScope scope) throws IOException {
        Request.Builder b = new Request.Builder().url(client.url(repository, "manifests/" + checkReference(reference)))
                .tag(AuthScope.class, scope);
        for (MediaType t : ACCEPTED) {
            b.addHeader("Accept", t.value());
        }
        return b;
    }

    /** A tag or digest, never something that could change the URL's path. */
    static String checkReference(String reference) {
        if (Digest.isValid(reference) || reference.matches("[\\w][\\w.-]{0,127}")) {
            return reference;
        }
        throw new IllegalArgumentException("invalid manifest reference '" + reference + "'");
    }

    RawDocument get(String repository, String reference) throws IOException {
        Request req = request(repository, reference, AuthScope.pull(repository)).get().build();
        String what = "manifest " + repository + ":" + reference + " from " + client.registry();
        try (Response r = client.execute(req)) {
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            long limit = client.options().limits().maxManifestBytes();
            byte[] bytes;
            try (InputStream in = r.body().byteStream()) {
                bytes = BoundedReads.readAtMost(in, r.body().contentLength(), limit, what);
            }
            MediaType type = mediaTypeOf(bytes, r.header("Content-Type"), what);
            if (Digest.isValid(reference)) {
                return RawDocument.verified(bytes, type, Digest.parse(reference), what);
            }
            Digest header = digestHeader(r, what);
            if (header != null) {
                return RawDocument.verified(bytes, type, header, what);
            }
            return RawDocument.of(bytes, type);
        }
    }

    /**
     * The registry's {@code Docker-Content-Digest}, or null when absent. A malformed one is
     * refused rather than ignored: a registry that lies about the digest is not trusted with the body.
     */
    private static Digest digestHeader(Response r, String what) throws IOException {
        String header = r.header("Docker-Content-Digest");
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!Digest.isValid(header.strip())) {
            throw new InvalidDocumentException(what + ": malformed Docker-Content-Digest header '" + printable(header) + "'");
        }
        return Digest.parse(header.strip());
    }

    /**
     * The document's own {@code mediaType} wins (it is what its digest covers); else the
     * {@code Content-Type} when it names a manifest or index; else the shape decides.
     * Ambiguous documents are refused: a manifest with {@code manifests}, an index with
     * {@code layers} or {@code config}, and a {@code Content-Type} naming a manifest or index
     * type other than the document's own {@code mediaType} or shape.
     */
    static MediaType mediaTypeOf(byte[] bytes, String contentType, String what) throws IOException {
        JsonNode tree = Json.parseTree(bytes, what);
        if (!tree.isObject()) {
            throw new InvalidDocumentException(what + ": not a JSON object");
        }
        String ctype = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (tree.path("schemaVersion").asInt() == 1 || MediaType.DOCKER_SCHEMA1.value().equals(ctype)
                || MediaType.DOCKER_SCHEMA1_SIGNED.value().equals(ctype)) {
            // schema 1 (deprecated since 2016, removed from Docker 28) has no config blob: the image
            // ID and diffIDs could only be made up; push the image again with a current client
            throw new IOException(what + ": Docker schema 1 manifests are not supported (the registry served schemaVersion 1"
                    + (tree.has("signatures") || MediaType.DOCKER_SCHEMA1_SIGNED.value().equals(ctype) ? ", signed" : "")
                    + "); push the image again with a current docker, skopeo or ociconv to get a schema 2 manifest");
        }
        boolean indexShape = tree.has("manifests");
        boolean manifestShape = tree.has("layers") || tree.has("config");
        if (indexShape && manifestShape) {
            throw new InvalidDocumentException(what + ": ambiguous document: both 'manifests' and 'layers'/'config'");
        }
        MediaType declared = tree.path("mediaType").isTextual() ? MediaType.of(tree.path("mediaType").asText()) : null;
        if (declared != null && (declared.isManifest() && indexShape || declared.isIndex() && manifestShape)) {
            throw new InvalidDocumentException(what + ": ambiguous document: mediaType " + declared + " with "
                    + (indexShape ? "a 'manifests' field" : "'layers'/'config'"));
        }
        MediaType served = null;
        if (contentType != null) {
            String ct = contentType.split(";", 2)[0].strip();
            if (!ct.isEmpty() && (MediaType.of(ct).isManifest() || MediaType.of(ct).isIndex())) {
                served = MediaType.of(ct);
            }
        }
        if (served != null && declared != null && !served.equals(declared)) {
            throw new InvalidDocumentException(what + ": Content-Type " + served + " disagrees with the document's mediaType " + declared);
        }
        if (served != null && (served.isManifest() && indexShape || served.isIndex() && manifestShape)) {
            throw new InvalidDocumentException(what + ": Content-Type " + served + " disagrees with the document's shape ("
                    + (indexShape ? "an index" : "a manifest") + ")");
        }
        if (declared != null) {
            return declared;
        }
        if (served != null) {
            return served;
        }
        return indexShape ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
    }

    /** A header value safe to quote on one line. */
    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    Optional<Descriptor> head(String repository, String reference) throws IOException {
        Request req = request(repository, reference, AuthScope.pull(repository)).head().build();
        try (Response r = client.execute(req)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            Digest header = digestHeader(r, "manifest " + repository + ":" + reference + " from " + client.registry());
            String type = r.header("Content-Type");
            long size = parseLong(r.header("Content-Length"));
            Digest digest = Digest.isValid(reference) ? Digest.parse(reference) : header;
            if (digest != null && type != null && size >= 0) {
                return Optional.of(new Descriptor(MediaType.of(type.split(";", 2)[0].strip()), digest, size));
            }
        }
        // The registry did not say enough in the headers: the document tells.
        return Optional.of(get(repository, reference).descriptor());
    }

    /**
     * Deletes a manifest by digest ({@code DELETE /v2/<name>/manifests/<digest>}; token scope
     * {@code delete}). Registries answer 405 where deleting is turned off (registry:2's default):
     * said as such. Absent: an error naming it.
     */
    void delete(String repository, Digest digest) throws IOException {
        Request req = request(repository, digest.toString(), new AuthScope(List.of("repository:" + repository + ":delete"))).delete().build();
        try (Response r = client.execute(req)) {
            if (r.code() == 405) {
                throw new IOException("DELETE " + repository + "@" + digest + " on " + client.registry()
                        + ": the registry does not allow deleting (405; registry:2 needs storage.delete.enabled)");
            }
            if (r.code() == 404) {
                throw new IOException(repository + "@" + digest + ": no such manifest on " + client.registry());
            }
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
        }
    }

    /**
     * @param subjectIndexed true when the registry answered {@code OCI-Subject}: it processed the
     *                       manifest's {@code subject} for its referrers API (distribution-spec 1.1)
     */
    record Put(Digest digest, boolean subjectIndexed) {
    }

    Put put(String repository, String reference, RawDocument document) throws IOException {
        if (Digest.isValid(reference) && !Digest.parse(reference).equals(document.digest())) {
            throw new IllegalArgumentException("manifest " + document.digest() + " cannot be put under digest " + reference);
        }
        Request req = request(repository, reference, AuthScope.push(repository))
                .put(RequestBody.create(document.bytes(), okhttp3.MediaType.get(document.mediaType().value())))
                .build();
        try (Response r = client.execute(req)) {
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            String header = r.header("Docker-Content-Digest");
            if (header != null && Digest.isValid(header.strip())) {
                Digest reported = Digest.parse(header.strip());
                if (reported.algorithm().equals(document.digest().algorithm()) && !reported.equals(document.digest())) {
                    throw new DigestMismatchException("manifest " + repository + ":" + reference + " pushed to "
                            + client.registry() + ": registry stored " + reported + ", expected " + document.digest());
                }
            }
            return new Put(document.digest(), r.header("OCI-Subject") != null);
        }
    }

    /** Every tag, following {@code Link} pagination ({@link LinkPages}): at most {@link #MAX_TAG_PAGES} pages and {@link #MAX_TAGS} tags. */
    List<String> tags(String repository) throws IOException {
        List<String> tags = new ArrayList<>();
        String what = "tags of " + repository + " on " + client.registry();
        LinkPages.follow(client, client.url(repository, "tags/list"), repository, null, what, MAX_TAG_PAGES, (r, page) -> {
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            byte[] bytes;
            try (InputStream in = r.body().byteStream()) {
                bytes = BoundedReads.readAtMost(in, client.options().limits().maxManifestBytes(), "tag list of " + repository);
            }
            for (JsonNode t : Json.parseTree(bytes, "tag list of " + repository).path("tags")) {
                if (tags.size() == MAX_TAGS) {
                    throw new IOException(what + ": more than " + MAX_TAGS + " tags");
                }
                tags.add(t.asText());
            }
            return true;
        });
        return tags;
    }

    /**
     * The registry's repositories ({@code GET /v2/_catalog}, every page; token scope
     * {@code registry:catalog:*}), at most {@link #MAX_TAGS}. Registries may refuse it (401/403/404:
     * an error naming the catalog).
     */
    List<String> catalog() throws IOException {
        List<String> repositories = new ArrayList<>();
        String what = "catalog of " + client.registry();
        HttpUrl first = client.ping().newBuilder().encodedPath("/v2/_catalog").addQueryParameter("n", "1000").build();
        LinkPages.follow(client, first, new dev.ociconv.registry.auth.AuthScope(List.of("registry:catalog:*")), null, what,
                MAX_TAG_PAGES, (r, page) -> {
                    if (!r.isSuccessful()) {
                        throw new IOException(what + ": " + client.error(r).getMessage());
                    }
                    byte[] bytes;
                    try (InputStream in = r.body().byteStream()) {
                        bytes = BoundedReads.readAtMost(in, client.options().limits().maxManifestBytes(), what);
                    }
                    for (JsonNode t : Json.parseTree(bytes, what).path("repositories")) {
                        if (repositories.size() == MAX_TAGS) {
                            throw new IOException(what + ": more than " + MAX_TAGS + " repositories");
                        }
                        repositories.add(t.asText());
                    }
                    return true;
                });
        return repositories;
    }

    /** The {@code rel="next"} target of RFC 8288 {@code Link} headers, resolved against the request URL. */
    static HttpUrl nextLink(HttpUrl base, List<String> linkHeaders) {
        for (String header : linkHeaders) {
            for (String link : header.split(",(?=\\s*<)")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0) {
                    continue;
                }
                String params = link.substring(close + 1);
                for (String p : params.split(";")) {
                    String[] kv = p.strip().split("=", 2);
                    if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("rel")
                            && List.of(kv[1].strip().replace("\"", "").split("\\s+")).contains("next")) {
                        return base.resolve(link.substring(open + 1, close).strip());
                    }
                }
            }
        }
        return null;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
