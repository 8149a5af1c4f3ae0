package dev.ociconv.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Layer identities that are not content digests: the ChainID of the image-spec and the legacy v1
 * IDs that {@code docker save} (moby v24, image/tarexport/save.go) names its layer directories by.
 *
 * <p>ChainID (config.md, "Layer ChainID"): {@code ChainID(L0) = DiffID(L0)},
 * {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))}.
 *
 * <p>v1 ID of layer {@code i} (moby image/v1/imagev1.go CreateID): take the layer's
 * {@link V1Image} (the image's own for the top layer; for the others one whose only field is
 * {@code created} = the Unix epoch in the saving daemon's zone), encode it without {@code id},
 * add {@code "layer_id": ChainID(Li)} and, below the bottom layer, {@code "parent": "sha256:<v1 id
 * of layer i-1>"}, encode that as a Go map (keys sorted) and take its sha256. The written
 * {@code <v1id>/json} differs from this input: it carries {@code id}, {@code parent} as bare hex,
 * {@code os}, and no {@code layer_id}.
 *
 * <p>The zone matters: {@code time.Unix(0,0)} renders as {@code 1970-01-01T00:00:00Z} in UTC but
 * {@code 1970-01-01T01:00:00+01:00} in Europe/Berlin, which changes every v1 ID below the top.
 * An archive's zone is read back with {@link #epochZone(byte[])} and carried in
 * {@link #TIMEZONE_ANNOTATION} so a round trip reproduces the original IDs.
 */
public final class LegacyIds {

    /** Annotation (on the OCI manifest we author) keeping the zone of the saving daemon, e.g. {@code +01:00}. */
    public static final String TIMEZONE_ANNOTATION = "dev.ociconv.docker.save.timezone";

    private LegacyIds() {
    }

    /** One layer's v1 identity and the bytes of its {@code json} file. */
    public record V1Layer(Digest diffId, Digest chainId, String id, String parent, byte[] json) {
        public V1Layer {
            Objects.requireNonNull(diffId);
            Objects.requireNonNull(chainId);
            Objects.requireNonNull(id);
            json = json.clone();
        }

        @Override
        public byte[] json() {
            return json.clone();
        }
    }

    /** ChainIDs of every prefix of {@code diffIds}. */
    public static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest chain = null;
        for (Digest diffId : diffIds) {
            chain = chain == null ? diffId
                    : Digest.sha256((chain + " " + diffId).getBytes(StandardCharsets.UTF_8));
            out.add(chain);
        }
        return out;
    }

    /** The ChainID of the whole stack; throws on an empty list (there is none). */
    public static Digest chainId(List<Digest> diffIds) {
        if (diffIds.isEmpty()) {
            throw new IllegalArgumentException("no ChainID for zero layers");
        }
        List<Digest> all = chainIds(diffIds);
        return all.get(all.size() - 1);
    }

    /** moby's {@code v1.CreateID}: sha256 of the v1 config without id, with layer_id and parent. */
    public static Digest createId(V1Image image, Digest chainId, Digest parentV1Id) {
        return Digest.sha256(createIdInput(image, chainId, parentV1Id).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON whose sha256 {@link #createId} is: shown to people who ask why a layer directory's name changed. */
    public static String createIdInput(V1Image image, Digest chainId, Digest parentV1Id) {
        Map<String, String> members = image.withId("").members();
        members.put("layer_id", GoJson.string(chainId.toString()));
        if (parentV1Id != null) {
            members.put("parent", GoJson.string(parentV1Id.toString()));
        }
        return GoJson.sortedObject(members);
    }

    /**
     * The v1 layers {@code docker save} writes for an image, bottom first.
     *
     * @param config   the image config's exact bytes
     * @param zone     the saving daemon's zone offset at the Unix epoch
     * @param docker25 decode as Docker 25 instead of 24 (see {@link V1Image#fromImageConfig})
     */
    public static List<V1Layer> v1Layers(byte[] config, ZoneOffset zone, boolean docker25, String what)
            throws InvalidDocumentException {
        List<Digest> diffIds = ImageConfig.parse(config, what).diffIds();
        V1Image top = V1Image.fromImageConfig(config, docker25, what);
        List<Digest> chains = chainIds(diffIds);
        List<V1Layer> out = new ArrayList<>();
        Digest parent = null;
        for (int i = 0; i < diffIds.size(); i++) {
            V1Image v1 = i == diffIds.size() - 1 ? top : V1Image.intermediate(zone);
            Digest id = createId(v1, chains.get(i), parent);
            V1Image written = v1.withId(id.hex()).withParent(parent == null ? "" : parent.hex()).withOs(top.os());
            out.add(new V1Layer(diffIds.get(i), chains.get(i), id.hex(), parent == null ? null : parent.hex(), written.toJson()));
            parent = id;
        }
        return out;
    }

    /**
     * The zone a {@code <v1id>/json} was written in, when it is an intermediate layer's (its
     * {@code created} is the Unix epoch); empty otherwise. A top layer's {@code created} is the
     * image's and tells nothing, so callers should ask the layers below the top.
     */
    public static Optional<ZoneOffset> epochZone(byte[] v1Json) throws InvalidDocumentException {
        JsonNode node = Json.parseTree(v1Json, "v1 json");
        JsonNode created = node.isObject() ? node.get("created") : null;
        OffsetDateTime t = V1Image.time(created, "v1 json created");
        if (t == null || t.toEpochSecond() != 0 || t.getNano() != 0) {
            return Optional.empty();
        }
        return Optional.of(t.getOffset());
    }

    /** {@link #TIMEZONE_ANNOTATION}'s value for a zone: Go's form, {@code Z} or {@code ±hh:mm}. */
    public static String zoneAnnotation(ZoneOffset zone) {
        return GoJson.offset(zone);
    }

    /** Parses {@link #TIMEZONE_ANNOTATION}'s value; throws IllegalArgumentException when malformed. */
    public static ZoneOffset parseZoneAnnotation(String value) {
        try {
            return ZoneOffset.of(value);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("invalid " + TIMEZONE_ANNOTATION + " '" + value + "': expected Z or ±hh:mm");
        }
    }
}
