package dev.ociconv.converter.build.demo;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.LegacyIds;
import dev.ociconv.model.spec.V1Image;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Why one layer's directory in a {@code docker save} archive gets another name when the layer
 * is no longer the top one, told with the real hashes: the directory name is the v1 ID, the
 * sha256 of a JSON document that for the top layer comes from the image config and for the
 * layers below holds only the epoch, the parent and the ChainID ({@link LegacyIds}).
 */
final class LayerIdStory {
    /** The two v1 IDs of the same layer, what they hash, and the json files written, for tests and the demo. */
    record Told(Digest diffId, String topId, String lowerId, String topInput, String lowerInput) {
    }

    private LayerIdStory() {
    }

    /**
     * @param before an archive where the layer at {@code index} is the top one
     * @param after  an archive where the same layer sits below others
     */
    static Told tell(SavedArchive before, SavedArchive after, int index, String fileName, PrintWriter out) throws IOException {
        List<LegacyIds.V1Layer> v1 = LegacyIds.v1Layers(before.config(), ZoneOffset.UTC, false, "testimage.tar config");
        List<LegacyIds.V1Layer> v2 = LegacyIds.v1Layers(after.config(), ZoneOffset.UTC, false, "testimage2.tar config");
        LegacyIds.V1Layer top = v1.get(index);
        LegacyIds.V1Layer lower = v2.get(index);
        if (index != v1.size() - 1 || index >= v2.size() - 1) {
            throw new IllegalArgumentException("layer " + index + " must be the top of the first image and below the top of the second");
        }
        Digest parent = index == 0 ? null : Digest.parse("sha256:" + top.parent());
        String topInput = LegacyIds.createIdInput(V1Image.fromImageConfig(before.config(), false, "config"), top.chainId(), parent);
        Digest lowerParent = index == 0 ? null : Digest.parse("sha256:" + lower.parent());
        String lowerInput = LegacyIds.createIdInput(V1Image.intermediate(ZoneOffset.UTC), lower.chainId(), lowerParent);
        check(topInput, top.id(), before.layerDirs().get(index));
        check(lowerInput, lower.id(), after.layerDirs().get(index));

        out.printf("The %s layer is the same layer in both images: same content, same diffID (sha256 of its layer.tar)%n", fileName);
        out.printf("  testimage.tar   diffID %s%n", top.diffId());
        out.printf("  testimage2.tar  diffID %s%n", lower.diffId());
        out.printf("and the same ChainID (%s; for the bottom layer it is the diffID).%n", short12(top.chainId().hex()));
        out.printf("Yet its directory is named differently:%n");
        out.printf("  testimage.tar   %s/   (v1: the TOP layer)%n", top.id());
        out.printf("  testimage2.tar  %s/   (v2: a LOWER layer, hoge.txt is on top)%n", lower.id());
        out.println();
        out.println("docker save names each layer directory by a legacy \"v1 ID\": the sha256 of a small JSON");
        out.println("document (moby's image/v1 CreateID), built differently for the top layer and the others:");
        out.println("  - the top layer's is derived from the image's config: created, architecture, os, config...");
        out.println("  - a lower layer's holds only created (the Unix epoch), its parent's v1 ID and its ChainID.");
        out.println("Both have \"layer_id\": the ChainID, so the content is in there; but the rest differs.");
        out.println();
        out.printf("v1: %s is the top layer, so its v1 ID is the sha256 of (from testimage.tar's config):%n", fileName);
        out.printf("  %s%n", topInput);
        out.printf("  sha256 = %s  = the directory name%n", top.id());
        out.printf("v2: %s is below hoge.txt, so its v1 ID is the sha256 of:%n", fileName);
        out.printf("  %s%n", lowerInput);
        out.printf("  sha256 = %s  = the directory name%n", lower.id());
        out.println();
        out.println("The json file in the directory is that document as docker save writes it (id and os added,");
        out.println("layer_id left out); so it changed too:");
        out.printf("  testimage.tar   %s/json: %s%n", short12(top.id()), new String(top.json(), StandardCharsets.UTF_8));
        out.printf("  testimage2.tar  %s/json: %s%n", short12(lower.id()), new String(lower.json(), StandardCharsets.UTF_8));
        out.println();
        out.println("Check a name yourself:");
        out.printf("  printf '%%s' '%s' | sha256sum%n", lowerInput);
        out.println("Nothing in the layer changed; only its position did. (The top layer's directory is also renamed");
        out.println("by any change of the config - another build time, a label, a CMD - with the very same files.)");
        out.println("Loading either archive gives the same layer: docker load identifies layers by diffID.");
        return new Told(top.diffId(), top.id(), lower.id(), topInput, lowerInput);
    }

    /** The story is only worth telling if our arithmetic names the directories the archive really has. */
    private static void check(String input, String id, String directory) throws IOException {
        String hashed = Digest.sha256(input.getBytes(StandardCharsets.UTF_8)).hex();
        if (!hashed.equals(id) || !id.equals(directory)) {
            throw new IOException("demo: v1 ID " + hashed + " does not name directory " + directory);
        }
    }

    static String short12(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
