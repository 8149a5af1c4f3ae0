package dev.ociconv.converter.mirror;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.registry.CosignTags;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;
import dev.ociconv.registry.RegistryOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images cosign stores beside an image under its tag conventions ({@code sha256-<hex>.sig},
 * {@code .att}, {@code .sbom}; see {@link CosignTags}), found in the repository's tag list (read
 * once per repository per run), so that a bundle carries an image's cosign signatures as well as
 * its OCI 1.1 referrers, and {@code mirror push} puts them back under the same tags.
 */
public final class CosignCompanions {
    private final Map<String, List<String>> tags = new HashMap<>();

    /**
     * The full references ({@code host/repo:sha256-….sig}) of the cosign images of any of
     * {@code digests} (the image's root, and the images of its index) in {@code imageName}'s repository.
     */
    List<String> of(String imageName, List<Digest> digests, RegistryOptions options) throws IOException {
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
        for (Digest d : digests) {
            for (String tag : CosignTags.present(listed, d)) {
                out.add(repository + ":" + tag);
            }
        }
        return out;
    }
}
