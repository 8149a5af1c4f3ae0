package dev.ociconv.converter.mirror;

import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.ImageName;
import dev.ociconv.model.spec.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The images a mirror run carries, read from a YAML file in one of two forms, told apart by their
 * top level:
 *
 * <pre>
 * # ociconv's: a list under "images"
 * images:
 *   - registry.example/team/app:1.2            # one image, by tag or @sha256:…
 *   - name: registry.example/team/base         # a repository's tags
 *     tags: '^1\.2[0-9]\.'                    #   in which this regex is found, or
 *     allTags: true                            #   every tag
 *     platforms: [linux/amd64, linux/arm64]    # a subset of a multi-platform image
 *     referrers: false                         # leave its signatures and SBOMs
 *   - name: oci:layouts/tools:v3               # any ociconv source location,
 *     as: registry.example/team/tools:v3       #   named in the bundle as this
 *
 * # skopeo sync's: registries at the top
 * registry.example:
 *   images: {team/app: ["1.2", "1.3"], team/base: []}   # [] is every tag
 *   images-by-tag-regex: {team/tools: '^v3\.'}
 *   tls-verify: false
 *   credentials: {username: bot, password: secret}
 * </pre>
 * A tag regex is searched for in each tag, as skopeo sync does: anchor it ({@code ^…$}) to match whole tags.
 * Every entry keeps its line; anything not understood is an {@link ImageListException} naming it.
 */
public record ImageList(String file, List<ListedImage> images) {
    /** A list this long is a mistake (or hostile); mirroring is still done in one run per list. */
    public static final int MAX_ENTRIES = 100_000;
    private static final long MAX_BYTES = 16L << 20;

    public ImageList {
        images = List.copyOf(images);
    }

    public static ImageList read(Path file) throws IOException {
        String what = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(what);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new ImageListException(what, 0, "larger than " + (MAX_BYTES >> 20) + " MiB; not an image list");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, what);
        }
    }

    public static ImageList parse(InputStream in, String what) throws IOException {
        YamlTree root = YamlTree.read(in, what);
        if (!root.isMap()) {
            throw new ImageListException(what, root.line(), "expected a map at the top (images: [...], or registries as skopeo sync writes them)");
        }
        List<ListedImage> out = root.map().containsKey("images") ? ours(root, what) : skopeoSync(root, what);
        if (out.isEmpty()) {
            throw new ImageListException(what, root.line(), "names no image");
        }
        if (out.size() > MAX_ENTRIES) {
            throw new ImageListException(what, 0, "more than " + MAX_ENTRIES + " entries");
        }
        return new ImageList(what, out);
    }

    // ---- ociconv's form

    private static final Set<String> TOP_KEYS = Set.of("images", "platforms", "referrers");
    private static final Set<String> ENTRY_KEYS = Set.of("name", "as", "tags", "allTags", "platforms", "referrers");

    private static List<ListedImage> ours(YamlTree root, String what) {
        unknownKeys(root, TOP_KEYS, what, "at the top");
        YamlTree images = root.map().get("images");
        if (!images.isList()) {
            throw new ImageListException(what, images.line(), "'images' must be a list");
        }
        List<Platform> platforms = platforms(root.map().get("platforms"), what);
        Optional<Boolean> referrers = bool(root.map().get("referrers"), "referrers", what);
        List<ListedImage> out = new ArrayList<>();
        for (YamlTree entry : images.list()) {
            out.add(entry(entry, platforms, referrers, what));
        }
        return out;
    }

    private static ListedImage entry(YamlTree entry, List<Platform> defaultPlatforms, Optional<Boolean> defaultReferrers,
                                     String what) {
        if (entry.isScalar()) {
            return new ListedImage(location(entry.scalar(), entry.line(), what), entry.line(), ListedImage.Tags.AS_GIVEN,
                    defaultPlatforms, defaultReferrers, ListedImage.RegistrySettings.NONE, Optional.empty());
        }
        if (!entry.isMap()) {
            throw new ImageListException(what, entry.line(), "an entry is an image reference or a map with 'name'");
        }
        unknownKeys(entry, ENTRY_KEYS, what, "in an entry");
        YamlTree name = entry.map().get("name");
        if (name == null || !name.isScalar() || name.scalar().isBlank()) {
            throw new ImageListException(what, entry.line(), "an entry without 'name'");
        }
        String location = location(name.scalar(), name.line(), what);
        ListedImage.Tags tags = ListedImage.Tags.AS_GIVEN;
        YamlTree regex = entry.map().get("tags");
        Optional<Boolean> all = bool(entry.map().get("allTags"), "allTags", what);
        if (regex != null && all.orElse(false)) {
            throw new ImageListException(what, regex.line(), "'tags' and 'allTags: true' exclude each other");
        }
        if (regex != null) {
            if (!regex.isScalar()) {
                throw new ImageListException(what, regex.line(), "'tags' is a regular expression (quote it)");
            }
            tags = ListedImage.Tags.matching(pattern(regex, what));
        } else if (all.orElse(false)) {
            tags = ListedImage.Tags.ALL;
        }
        if (tags.needsTagList()) {
            requireRepository(location, name.line(), what);
        }
        List<Platform> platforms = entry.map().containsKey("platforms") ? platforms(entry.map().get("platforms"), what) : defaultPlatforms;
        Optional<Boolean> referrers = bool(entry.map().get("referrers"), "referrers", what).or(() -> defaultReferrers);
        Optional<String> as = Optional.empty();
        YamlTree rename = entry.map().get("as");
        if (rename != null) {
            if (!rename.isScalar() || !ImageName.isValid(rename.scalar()) || !ImageName.isTagged(rename.scalar())) {
                throw new ImageListException(what, rename.line(), "'as' is a full image name with a tag (host/repo:tag)");
            }
            if (tags.needsTagList()) {
                throw new ImageListException(what, rename.line(), "'as' names one image; it cannot rename a tag list");
            }
            as = Optional.of(rename.scalar());
        }
        return new ListedImage(location, name.line(), tags, platforms, referrers, ListedImage.RegistrySettings.NONE, as);
    }

    /** A tag list is asked of a registry repository named without a tag or digest of its own. */
    private static void requireRepository(String location, int line, String what) {
        if (!location.startsWith("docker://")) {
            throw new ImageListException(what, line, "tags can be listed only in a registry: " + location);
        }
        String ref = location.substring("docker://".length());
        if (ImageName.isTagged(ref) || ref.contains("@")) {
            throw new ImageListException(what, line, ref + " names a tag or digest already; give the repository alone with 'tags'/'allTags'");
        }
    }

    /**
     * A location as a transport string: one with a known prefix as it is, an existing path as a
     * path, anything else that is an image reference as a registry's.
     */
    static String location(String text, int line, String what) {
        String t = text.strip();
        for (String prefix : Transports.prefixes()) {
            if (t.startsWith(prefix)) {
                return t;
            }
        }
        if (Files.exists(Path.of(t))) {
            return t;
        }
        if (ImageName.isValid(t)) {
            return "docker://" + t;
        }
        throw new ImageListException(what, line, "'" + t + "' is neither an image reference, a transport string ("
                + String.join(", ", Transports.prefixes()) + ") nor an existing file");
    }

    // ---- skopeo sync's form

    private static final Set<String> REGISTRY_KEYS = Set.of("images", "images-by-tag-regex", "images-by-semver", "credentials",
            "tls-verify", "cert-dir");

    private static List<ListedImage> skopeoSync(YamlTree root, String what) {
        List<ListedImage> out = new ArrayList<>();
        for (Map.Entry<String, YamlTree> registry : root.map().entrySet()) {
            YamlTree block = registry.getValue();
            String host = registry.getKey();
            if (!block.isMap()) {
                throw new ImageListException(what, block.line(), "'" + host + "': a registry's block is a map (images, images-by-tag-regex, …)"
                        + " — or, for ociconv's own form, put the images under 'images:'");
            }
            unknownKeys(block, REGISTRY_KEYS, what, "in registry " + host);
            if (block.map().containsKey("images-by-semver")) {
                throw new ImageListException(what, block.map().get("images-by-semver").line(),
                        "images-by-semver is not supported; write the range as images-by-tag-regex");
            }
            ListedImage.RegistrySettings settings = settings(block, host, what);
            YamlTree images = block.map().get("images");
            if (images != null) {
                if (!images.isMap()) {
                    throw new ImageListException(what, images.line(), "'images' of a registry is a map of repository: [tags]");
                }
                for (Map.Entry<String, YamlTree> repo : images.map().entrySet()) {
                    out.add(skopeoImages(host, repo.getKey(), repo.getValue(), settings, what));
                }
            }
            YamlTree regex = block.map().get("images-by-tag-regex");
            if (regex != null) {
                if (!regex.isMap()) {
                    throw new ImageListException(what, regex.line(), "'images-by-tag-regex' is a map of repository: regex");
                }
                for (Map.Entry<String, YamlTree> repo : regex.map().entrySet()) {
                    String location = repositoryLocation(host, repo.getKey(), repo.getValue().line(), what);
                    if (!repo.getValue().isScalar()) {
                        throw new ImageListException(what, repo.getValue().line(), repo.getKey() + ": the tag regex is a string");
                    }
                    out.add(new ListedImage(location, repo.getValue().line(), ListedImage.Tags.matching(pattern(repo.getValue(), what)),
                            List.of(), Optional.empty(), settings, Optional.empty()));
                }
            }
            if (images == null && regex == null) {
                throw new ImageListException(what, block.line(), "registry " + host + " lists no images");
            }
        }
        return out;
    }

    private static ListedImage skopeoImages(String host, String repo, YamlTree tags, ListedImage.RegistrySettings settings,
                                            String what) {
        String location = repositoryLocation(host, repo, tags.line(), what);
        if (tags.value() == null || (tags.isList() && tags.list().isEmpty())) {
            return new ListedImage(location, tags.line(), ListedImage.Tags.ALL, List.of(), Optional.empty(), settings, Optional.empty());
        }
        if (!tags.isList()) {
            throw new ImageListException(what, tags.line(), repo + ": the tags are a list ([] for every tag)");
        }
        List<String> listed = new ArrayList<>();
        for (YamlTree t : tags.list()) {
            if (!t.isScalar() || t.scalar().isBlank()) {
                throw new ImageListException(what, t.line(), repo + ": a tag is a string");
            }
            String tag = t.scalar().strip();
            if (!ImageName.isValid(location.substring("docker://".length()) + (tag.startsWith("sha256:") ? "@" : ":") + tag)) {
                throw new ImageListException(what, t.line(), repo + ": '" + tag + "' is neither a tag nor a digest");
            }
            listed.add(tag);
        }
        return new ListedImage(location, tags.line(), ListedImage.Tags.listed(listed), List.of(), Optional.empty(), settings, Optional.empty());
    }

    private static String repositoryLocation(String host, String repo, int line, String what) {
        String ref = host + "/" + repo;
        if (!ImageName.isValid(ref) || ImageName.isTagged(ref) || ref.contains("@")) {
            throw new ImageListException(what, line, "'" + ref + "' is not a repository (no tag or digest here: they are listed under it)");
        }
        return "docker://" + ref;
    }

    private static ListedImage.RegistrySettings settings(YamlTree block, String host, String what) {
        Optional<Boolean> tls = bool(block.map().get("tls-verify"), "tls-verify", what);
        YamlTree certs = block.map().get("cert-dir");
        Optional<Path> certDir = Optional.empty();
        if (certs != null) {
            if (!certs.isScalar()) {
                throw new ImageListException(what, certs.line(), "cert-dir is a path");
            }
            certDir = Optional.of(Path.of(certs.scalar()));
        }
        YamlTree creds = block.map().get("credentials");
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (creds != null) {
            if (!creds.isMap()) {
                throw new ImageListException(what, creds.line(), "credentials of " + host + " are username: and password:");
            }
            unknownKeys(creds, Set.of("username", "password"), what, "in credentials of " + host);
            YamlTree u = creds.map().get("username");
            YamlTree p = creds.map().get("password");
            if (u == null || p == null || !u.isScalar() || !p.isScalar()) {
                throw new ImageListException(what, creds.line(), "credentials of " + host + " need both username and password");
            }
            user = Optional.of(u.scalar());
            password = Optional.of(p.scalar());
        }
        return new ListedImage.RegistrySettings(tls, certDir, user, password);
    }

    // ---- values

    private static void unknownKeys(YamlTree map, Set<String> known, String what, String where) {
        for (Map.Entry<String, YamlTree> e : map.map().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new ImageListException(what, e.getValue().line(), "unknown key '" + e.getKey() + "' " + where
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static Optional<Boolean> bool(YamlTree v, String key, String what) {
        if (v == null) {
            return Optional.empty();
        }
        if (v.isScalar() && (v.scalar().equals("true") || v.scalar().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(v.scalar()));
        }
        throw new ImageListException(what, v.line(), "'" + key + "' is true or false");
    }

    private static List<Platform> platforms(YamlTree v, String what) {
        if (v == null) {
            return List.of();
        }
        List<YamlTree> items = v.isList() ? v.list() : List.of(v);
        List<Platform> out = new ArrayList<>();
        for (YamlTree item : items) {
            if (!item.isScalar()) {
                throw new ImageListException(what, item.line(), "a platform is OS/ARCH[/VARIANT]");
            }
            for (String part : item.scalar().split(",")) {
                try {
                    out.add(Platform.parse(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ImageListException(what, item.line(), "'" + part.strip() + "': " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static Pattern pattern(YamlTree v, String what) {
        try {
            return Pattern.compile(v.scalar());
        } catch (PatternSyntaxException e) {
            throw new ImageListException(what, v.line(), "'" + v.scalar() + "' is not a regular expression: " + e.getDescription());
        }
    }
}
