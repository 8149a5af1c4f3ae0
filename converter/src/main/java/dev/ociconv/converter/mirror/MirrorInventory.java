package dev.ociconv.converter.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bundle's inventory, {@code mirror.json} beside its {@code index.json}, written last: the
 * images as resolved (each name with the digest it had and where it came from), every blob the
 * bundle's images reach with its size, the blobs a differential bundle leaves to its base, and
 * the images a {@code --keep-going} run could not carry. {@code ociconv mirror inventory} writes
 * the same document for what a registry holds.
 *
 * @param images  the named images, in list order
 * @param blobs   every blob reachable from the images (manifests, configs, layers), each once
 * @param omitted blobs reachable but not in the bundle: the {@code --since} base holds them
 * @param failed  images asked for and not carried
 * @param since   the digest of the base inventory a differential bundle was made against
 */
public record MirrorInventory(List<Image> images, List<Blob> blobs, List<Blob> omitted, List<Failed> failed,
                              Optional<Digest> since) {
    public static final String FILE = "mirror.json";
    public static final String MEDIA_TYPE = "application/vnd.ociconv.mirror.inventory.v1+json";

    public MirrorInventory {
        images = List.copyOf(images);
        blobs = List.copyOf(blobs);
        omitted = List.copyOf(omitted);
        failed = List.copyOf(failed);
        Objects.requireNonNull(since);
    }

    /** One image: the name it has in the bundle, its root's digest, media type and size, and its source. */
    public record Image(String name, Digest digest, String mediaType, long size, String source) {
    }

    /** One blob; {@code layer}: a layer (or an artifact's payload), the only kind a differential bundle may leave out. */
    public record Blob(Digest digest, long size, boolean layer) {
    }

    public record Failed(String image, String error) {
    }

    /** Every blob this inventory says its images need: those held and those left to the base. */
    public java.util.Map<Digest, Blob> allBlobs() {
        java.util.Map<Digest, Blob> all = new java.util.LinkedHashMap<>();
        blobs.forEach(b -> all.put(b.digest(), b));
        omitted.forEach(b -> all.put(b.digest(), b));
        return all;
    }

    public byte[] toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("mediaType", MEDIA_TYPE);
        since.ifPresent(d -> o.put("since", d.toString()));
        ArrayNode is = o.putArray("images");
        for (Image i : images) {
            ObjectNode n = is.addObject();
            n.put("name", i.name());
            n.put("digest", i.digest().toString());
            n.put("mediaType", i.mediaType());
            n.put("size", i.size());
            n.put("source", i.source());
        }
        blobs(o.putArray("blobs"), blobs);
        if (!omitted.isEmpty()) {
            blobs(o.putArray("omitted"), omitted);
        }
        if (!failed.isEmpty()) {
            ArrayNode fs = o.putArray("failed");
            for (Failed f : failed) {
                fs.addObject().put("image", f.image()).put("error", f.error());
            }
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void blobs(ArrayNode out, List<Blob> blobs) {
        for (Blob b : blobs) {
            ObjectNode n = out.addObject().put("digest", b.digest().toString()).put("size", b.size());
            if (b.layer()) {
                n.put("layer", true);
            }
        }
    }

    public static MirrorInventory parse(byte[] bytes, String what) throws InvalidDocumentException {
        JsonNode o = Json.parseTree(bytes, what);
        if (!o.isObject() || !MEDIA_TYPE.equals(o.path("mediaType").asText())) {
            throw new InvalidDocumentException(what + ": not an ociconv mirror inventory (mediaType " + MEDIA_TYPE + ")");
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode n : array(o, "images", what)) {
            images.add(new Image(text(n, "name", what), digest(n, what), text(n, "mediaType", what), size(n, what),
                    n.path("source").asText("")));
        }
        List<Failed> failed = new ArrayList<>();
        for (JsonNode n : array(o, "failed", what)) {
            failed.add(new Failed(text(n, "image", what), n.path("error").asText("")));
        }
        Optional<Digest> since = o.has("since") ? Optional.of(digestOf(o.get("since").asText(), what)) : Optional.empty();
        return new MirrorInventory(images, blobList(o, "blobs", what), blobList(o, "omitted", what), failed, since);
    }

    private static List<Blob> blobList(JsonNode o, String key, String what) throws InvalidDocumentException {
        List<Blob> out = new ArrayList<>();
        for (JsonNode n : array(o, key, what)) {
            out.add(new Blob(digest(n, what), size(n, what), n.path("layer").asBoolean(false)));
        }
        return out;
    }

    private static Iterable<JsonNode> array(JsonNode o, String key, String what) throws InvalidDocumentException {
        JsonNode a = o.get(key);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new InvalidDocumentException(what + ": " + key + " is not a list");
        }
        return a;
    }

    private static String text(JsonNode n, String key, String what) throws InvalidDocumentException {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new InvalidDocumentException(what + ": an entry without " + key);
        }
        return v.asText();
    }

    private static Digest digest(JsonNode n, String what) throws InvalidDocumentException {
        return digestOf(text(n, "digest", what), what);
    }

    private static Digest digestOf(String text, String what) throws InvalidDocumentException {
        if (!Digest.isValid(text)) {
            throw new InvalidDocumentException(what + ": '" + text + "' is not a digest");
        }
        return Digest.parse(text);
    }

    private static long size(JsonNode n, String what) throws InvalidDocumentException {
        JsonNode v = n.get("size");
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
            throw new InvalidDocumentException(what + ": an entry without a size");
        }
        return v.asLong();
    }
}
