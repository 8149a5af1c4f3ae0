package dev.ociconv.converter.explain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ociconv.converter.validate.ArchiveCatalog;
import dev.ociconv.model.digest.Digest;

import java.util.List;

/**
 * Why each layer of a {@code docker save} archive is named as it is ({@code ociconv explain}'s
 * model; {@code --json} prints it).
 *
 * @param source the archive
 * @param zone   the saving daemon's zone as read from the intermediate layers' {@code json} (Go's form), or
 *               {@code Z} when nothing says otherwise
 * @param images manifest.json's entries, in order
 */
public record ArchiveExplanation(String source, String zone, List<ImageExplanation> images) {
    public ArchiveExplanation {
        images = List.copyOf(images);
    }

    /** One image: its config and its layers, bottom first. */
    @JsonPropertyOrder({"position", "repoTags", "config", "imageId", "layers"})
    public record ImageExplanation(int position, List<String> repoTags, String config, Digest imageId,
                                   List<LayerExplanation> layers) {
        public ImageExplanation {
            repoTags = List.copyOf(repoTags);
            layers = List.copyOf(layers);
        }

        /** A short name for messages: its first tag, else {@code @position}. */
        public String label() {
            return repoTags.isEmpty() ? "@" + position : repoTags.get(0);
        }
    }

    /** How a v1 ID computed by Docker's algorithm compares with the directory the archive uses. */
    public enum Verdict { MATCHES, MATCHES_DOCKER25, DIFFERS, NOT_V1_NAMED }

    /**
     * One layer, step by step.
     *
     * @param index        position, 0 = bottom
     * @param top          the image's top layer (its v1 JSON comes from the image config)
     * @param path         the Layers entry of manifest.json
     * @param directory    the v1 directory the archive uses (path's first segment), null when not v1-named
     * @param diffId       what the config says
     * @param actualDiffId sha256 of the layer as stored (uncompressed), null when absent
     * @param chainInput   the text hashed for the ChainID, null for the bottom layer (ChainID = diffID)
     * @param chainId      ChainID of layers 0..index
     * @param v1Input      the v1 JSON Docker hashes (without id, with layer_id and parent)
     * @param v1Id         sha256 of v1Input: the directory name Docker gives this layer
     * @param verdict      how v1Id compares with directory
     * @param reason       what we know when it differs, else null
     * @param jsonFile     the {@code <v1 id>/json} Docker writes for this layer (the v1 JSON with id, parent as
     *                     bare hex and os, without layer_id); null when not v1-named
     * @param jsonFileSame whether the archive's {@code <directory>/json} has exactly these bytes; null when absent
     * @param listing      the layer's entries when asked for, else null
     */
    @JsonPropertyOrder({"index", "top", "path", "directory", "diffId", "actualDiffId", "chainInput", "chainId",
            "v1Input", "v1Id", "verdict", "reason", "jsonFile", "jsonFileSame", "listing"})
    public record LayerExplanation(int index, boolean top, String path, String directory, Digest diffId,
                                   Digest actualDiffId, String chainInput, Digest chainId, String v1Input, Digest v1Id,
                                   Verdict verdict, String reason, String jsonFile, Boolean jsonFileSame,
                                   ArchiveCatalog.LayerListing listing) {
    }
}
