package dev.ociconv.model.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where manifest bytes become an {@link ImageNode}, whatever the source: one
 * validation policy for registries, OCI layouts and the OCI part of docker save archives.
 *
 * <ul>
 *   <li>The descriptor's media type decides what the bytes are read as: an index or manifest
 *       type we know (Docker schema 1 is refused by name). A document that carries its own
 *       {@code mediaType} must carry the descriptor's: copying a Docker manifest listed as an
 *       OCI one would publish a descriptor that lies about its target.</li>
 *   <li>A manifest is an <em>image</em> when it has no {@code artifactType}, an image config
 *       type and only layer types; its config is read (bounded, verified), parsed, and must list
 *       one diff_id per layer. Anything else — including an image-typed manifest whose config is
 *       not a valid image config — is an <em>artifact</em> and is never refused for what it
 *       holds: its blobs are carried as they are.</li>
 * </ul>
 */
public final class ManifestAssembler {

    /** How the source reads a small blob (a config): bounded by {@code limit}, verified against the descriptor. */
    @FunctionalInterface
    public interface ConfigReader {
        RawDocument read(Descriptor config, long limit, String what) throws IOException;
    }

    /** How the source describes one layer of an image: whether it holds the bytes, and where. */
    @FunctionalInterface
    public interface LayerLocator {
        LayerRef locate(Descriptor layer, Digest diffId, int index) throws IOException;
    }

    private final Limits limits;
    private final ConfigReader configs;
    private final LayerLocator layers;

    public ManifestAssembler(Limits limits, ConfigReader configs, LayerLocator layers) {
        this.limits = limits;
        this.configs = configs;
        this.layers = layers;
    }

    /**
     * @param descriptor what led here (its media type says what the bytes should be)
     * @param raw        the document's exact bytes, already verified against the descriptor's digest
     * @param what       where it is, for messages
     */
    public ImageNode assemble(Descriptor descriptor, RawDocument raw, String what) throws IOException {
        checkType(descriptor, what);
        MediaType type = descriptor.mediaType();
        if (raw.size() > limits.maxManifestBytes()) {
            throw new BoundedReads.TooLargeException(what + ": " + raw.size() + " bytes, larger than the limit of "
                    + limits.maxManifestBytes());
        }
        byte[] bytes = raw.bytes();
        JsonNode tree = Json.parseTree(bytes, what);
        JsonNode own = tree.get("mediaType");
        if (own != null && own.isTextual() && !own.asText().equals(type.value())) {
            throw new InvalidDocumentException(what + ": descriptor says " + type
                    + " but the document's own mediaType is " + own.asText());
        }
        if (type.isIndex()) {
            return new IndexNode(raw, ImageIndex.parse(bytes, what));
        }
        ImageManifest manifest = ImageManifest.parse(bytes, what);
        Optional<String> artifact = whyArtifact(manifest);
        if (artifact.isPresent()) {
            return new ArtifactNode(raw, manifest, artifact.get());
        }
        return image(raw, manifest, what);
    }

    /**
     * Refuses, before anything is read, a descriptor whose type names no manifest or index we
     * read: Docker schema 1 by name, anything else as unsupported.
     */
    public static void checkType(Descriptor descriptor, String what) throws InvalidDocumentException {
        MediaType type = descriptor.mediaType();
        if (type.equals(MediaType.DOCKER_SCHEMA1) || type.equals(MediaType.DOCKER_SCHEMA1_SIGNED)) {
            throw new InvalidDocumentException(what + ": Docker schema 1 manifests are not supported (" + type + ")");
        }
        if (!type.isIndex() && !type.isManifest()) {
            throw new InvalidDocumentException(what + ": unsupported media type " + type
                    + " (expected an OCI or Docker image manifest or index)");
        }
    }

    /** Why a manifest is not a runnable image, or empty when it is one. */
    public static Optional<String> whyArtifact(ImageManifest manifest) {
        if (manifest.artifactType() != null) {
            return Optional.of("artifactType " + manifest.artifactType());
        }
        if (!manifest.config().mediaType().isConfig()) {
            return Optional.of("config " + manifest.config().mediaType());
        }
        for (int i = 0; i < manifest.layers().size(); i++) {
            MediaType t = manifest.layers().get(i).mediaType();
            if (!t.isLayer()) {
                return Optional.of("layer " + i + " is " + t);
            }
        }
        return Optional.empty();
    }

    private ImageNode image(RawDocument raw, ImageManifest manifest, String what) throws IOException {
        Descriptor configDescriptor = manifest.config();
        String configWhat = what + " config " + configDescriptor.digest();
        if (configDescriptor.size() > limits.maxConfigBytes()) {
            throw new BoundedReads.TooLargeException(configWhat + ": " + configDescriptor.size()
                    + " bytes, larger than the limit of " + limits.maxConfigBytes());
        }
        RawDocument config = configs.read(configDescriptor, limits.maxConfigBytes(), configWhat);
        ImageConfig parsed;
        try {
            parsed = ImageConfig.parse(config.bytes(), configWhat);
        } catch (InvalidDocumentException notAnImageConfig) {
            // typed as an image but not one (oras' test images: a config of os and architecture
            // only): nothing can run or convert it, but it is carried exactly, like any artifact
            return new ArtifactNode(raw, manifest, "its config is not an image config (" + notAnImageConfig.getMessage() + ")");
        }
        List<Digest> diffIds = parsed.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new InvalidDocumentException(what + ": " + manifest.layers().size() + " layers but the config lists "
                    + diffIds.size() + " diff_ids");
        }
        List<LayerRef> refs = new ArrayList<>(diffIds.size());
        for (int i = 0; i < diffIds.size(); i++) {
            refs.add(layers.locate(manifest.layers().get(i), diffIds.get(i), i));
        }
        return new ManifestNode(Optional.of(raw), Optional.of(manifest), config, parsed, refs);
    }
}
