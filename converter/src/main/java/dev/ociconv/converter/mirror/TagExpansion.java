package dev.ociconv.converter.mirror;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An image list made concrete: every entry that asks for a repository's tags becomes one image per
 * tag, read from the registry's tag list (all its pages) before anything is downloaded. An entry
 * whose regex matches no tag is an error on its line; an image named twice is carried once.
 */
public final class TagExpansion {
    /** The tags of a repository ({@code host/repo}), as the registry lists them. */
    @FunctionalInterface
    public interface TagLister {
        List<String> tags(String repository, ListedImage.RegistrySettings settings) throws IOException;
    }

    private TagExpansion() {
    }

    public static List<MirrorImage> expand(ImageList list, TagLister lister) throws IOException {
        List<MirrorImage> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ListedImage entry : list.images()) {
            for (MirrorImage image : expand(entry, list.file(), lister)) {
                if (seen.add(image.location())) {
                    out.add(image);
                }
            }
        }
        return out;
    }

    private static List<MirrorImage> expand(ListedImage entry, String file, TagLister lister) throws IOException {
        boolean remote = entry.location().startsWith("docker://");
        String ref = remote ? entry.location().substring("docker://".length()) : entry.location();
        switch (entry.tags().kind()) {
            case AS_GIVEN -> {
                String name = remote && !ref.contains("@") && !dev.ociconv.model.spec.ImageName.isTagged(ref) ? ref + ":latest" : ref;
                Optional<String> bundleName = entry.as().isPresent() ? entry.as() : remote ? Optional.of(name) : Optional.empty();
                return List.of(new MirrorImage(remote ? "docker://" + name : entry.location(), bundleName, entry));
            }
            case LISTED -> {
                List<MirrorImage> out = new ArrayList<>();
                for (String tag : entry.tags().listed()) {
                    String name = ref + (tag.startsWith("sha256:") ? "@" : ":") + tag;
                    out.add(new MirrorImage("docker://" + name, Optional.of(name), entry));
                }
                return out;
            }
            default -> {
                List<String> tags;
                try {
                    tags = lister.tags(ref, entry.registry());
                } catch (IOException e) {
                    throw new IOException(file + ":" + entry.line() + ": listing the tags of " + ref + ": " + e.getMessage(), e);
                }
                List<MirrorImage> out = new ArrayList<>();
                for (String tag : tags) {
                    if (entry.tags().pattern().map(p -> p.matcher(tag).find()).orElse(true)) {
                        out.add(new MirrorImage("docker://" + ref + ":" + tag, Optional.of(ref + ":" + tag), entry));
                    }
                }
                if (out.isEmpty()) {
                    throw new ImageListException(file, entry.line(), entry.tags().pattern()
                            .map(p -> "no tag of " + ref + " matches '" + p.pattern() + "' (it has " + tags.size() + " tags)")
                            .orElse(ref + " has no tags"));
                }
                return out;
            }
        }
    }
}
