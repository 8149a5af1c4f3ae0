package dev.ociconv.registry;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images cosign stores beside an image under its tag conventions ({@link CosignTags}), found
 * in the repository's tag list, read once per repository for the finder's life (one copy, one
 * mirror run). What cosign signs is the root the user named and, signed with {@code --recursive},
 * each image of its index: all are looked for.
 */
public final class CosignTagFinder {
    private final Map<String, List<String>> tags = new ConcurrentHashMap<>();

    /**
     * The full references ({@code host/repo:sha256-….sig}) of the cosign images of {@code root}
     * (read from {@code source}) in {@code imageName}'s repository.
     */
    public List<String> find(String imageName, ImageSource source, Descriptor root, RegistryOptions options) throws IOException {
        List<Digest> signed = new ArrayList<>(List.of(root.digest()));
        if (source.resolve(root) instanceof IndexNode index) {
            index.index().manifests().forEach(d -> signed.add(d.digest()));
        }
        ImageReference ref = ImageReference.parse(imageName);
        String repository = ref.registry() + "/" + ref.repository();
        List<String> listed = tags.get(repository);
        if (listed == null) {
            try (RegistryClient client = RegistryClient.forReference(ref, options)) {
                listed = List.copyOf(client.tags(ref.repository()));
            }
            tags.put(repository, listed);
        }
        List<String> out = new ArrayList<>();
        for (Digest d : signed) {
            for (String tag : CosignTags.present(listed, d)) {
                out.add(repository + ":" + tag);
            }
        }
        return out;
    }
}
