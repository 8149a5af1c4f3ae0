package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.CopyListener;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.LayerCompression;
import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.model.spec.Platform;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Options shared by the commands that copy images. */
final class CopyFlags {
    @Option(names = "--image", paramLabel = "NAME:TAG|@N",
            description = "Copy only this image of a multi-image source: a name, or @N (0-based position). Default: all.")
    String image;

    @Option(names = {"--compress", "--dest-compress-format"}, paramLabel = "none|gzip|zstd|keep",
            description = "Layer compression of the output. Default: keep layers as they come "
                    + "(docker save layers stay uncompressed; a registry gets gzip).")
    String compress;

    @Option(names = {"--dest-compress-level", "--compress-level"}, paramLabel = "LEVEL",
            description = "The level of the layers this copy compresses (as skopeo's): gzip 1..9, zstd 1..19. "
                    + "Default: gzip 2 (about 3%% larger than gzip -6, a third faster), zstd 3.")
    Integer compressLevel;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", split = ",",
            description = "From a multi-platform image, take this platform only. Repeated (or a comma list): take these "
                    + "platforms, as a smaller index of them with their attestations (destinations that hold indexes).")
    java.util.List<String> platform;

    @Option(names = "--all", description = "Keep every platform of a multi-platform image (layouts and registries).")
    boolean all;

    // skopeo's spellings of the platform choice
    @Option(names = "--override-os", paramLabel = "OS", description = "As skopeo: take this OS from a multi-platform image "
            + "(with --override-arch/--override-variant; what is not given is this machine's).")
    String overrideOs;

    @Option(names = "--override-arch", paramLabel = "ARCH", description = "As skopeo: take this architecture.")
    String overrideArch;

    @Option(names = "--override-variant", paramLabel = "VARIANT", description = "As skopeo: take this variant.")
    String overrideVariant;

    @Option(names = "--multi-arch", paramLabel = "system|all", description = "As skopeo: system (this machine's platform) "
            + "or all (every platform, as --all). index-only is not supported: an index without its images is not copied.")
    String multiArch;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "3",
            description = "Layers moved at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--verify-diffids",
            description = "Also decompress layers copied compressed as they are, to check them against the "
                    + "config's diff_ids (their blob digests are always checked; layers decompressed anyway always are).")
    boolean verifyDiffIds;

    @Option(names = "--referrers", arity = "0..1", paramLabel = "required|best-effort", preprocessor = AttachedValueOnly.class,
            description = "Also copy what refers to each image (signatures, SBOMs, attestations, and what refers to those): "
                    + "from a registry's referrers API or its sha256-<hex> fallback tag, from a layout's index.json. "
                    + "required (the default): a referrer that is wrong or cannot be read fails the copy, nothing written; "
                    + "best-effort: it is skipped with one line, the image and the other referrers copied.")
    String referrers;

    @Option(names = "--referrers-type", paramLabel = "ARTIFACT_TYPE",
            description = "With --referrers: only the image's referrers of this artifactType (what refers to them is copied whole).")
    String referrersType;

    @Option(names = "--preserve-digests",
            description = "Fail rather than give an image another digest than its source's (as skopeo): no layer "
                    + "recompressed, no manifest converted or authored; nothing is committed then.")
    boolean preserveDigests;

    @Option(names = "--allow-nondistributable-artifacts",
            description = "Fetch the bytes of non-distributable (foreign) layers from their urls (https, or http on "
                    + "loopback; verified by digest; no credentials sent) and store them at the destination, as crane's "
                    + "option. Without it they stay references where the destination allows (layouts, registries), and a "
                    + "docker save destination, which needs them, refuses by name.")
    boolean allowForeign;

    @Option(names = "--cosign-tags",
            description = "Also copy the images cosign stores under its tags (sha256-<hex>.sig, .att, .sbom: signatures, "
                    + "attestations, SBOM) beside each image of a registry source, to the same tags at a registry or OCI layout destination.")
    boolean cosignTags;

    @Option(names = "--drop-artifacts",
            description = "Leave out, without a line each, the signatures, SBOMs and attestations that a docker save "
                    + "destination cannot hold (they are always left out there; elsewhere they are copied as they are).")
    boolean dropArtifacts;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = {"-f", "--force"},
            description = "Replace an existing archive file at the destination (and an existing --digestfile). "
                    + "Without it, one is refused before any work. An OCI layout directory is added to either way.")
    boolean force;

    @Option(names = "--digestfile", paramLabel = "FILE",
            description = "After the copy, write the digest that now addresses each image at the destination to FILE, "
                    + "one per line: the manifest digest where one is stored (registry, OCI layout, docker25), "
                    + "else the image ID (a legacy docker save archive).")
    java.nio.file.Path digestFile;

    @Option(names = "--save-style", paramLabel = "STYLE",
            description = "Tar headers of a docker save output in the style of a Docker version: docker23 (no file type "
                    + "bits, no owner names: Docker 23 and later, the default), docker20 (type bits, owner root: "
                    + "Debian's Docker 20.10), docker19 (type bits, no owner names). Without it, an archive read from a "
                    + "docker save keeps its own style.")
    String saveStyle;

    /** The {@code --save-style}, checked; empty when not given. */
    java.util.Optional<dev.ociconv.converter.dockerarchive.SaveTarStyle> saveStyle() {
        return saveStyle == null ? java.util.Optional.empty()
                : java.util.Optional.of(dev.ociconv.converter.dockerarchive.SaveTarStyle.named(saveStyle));
    }

    @Option(names = "--json",
            description = "At the end, print one JSON object per image on standard output (destination, names, "
                    + "manifest digest, image ID, source and its digest); progress goes to standard error.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    /**
     * {@code --referrers} alone is {@code required}; a mode only as {@code --referrers=MODE}, so
     * that {@code --referrers SRC DST} never takes the source for a mode.
     */
    static final class AttachedValueOnly implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, picocli.CommandLine.Model.CommandSpec spec,
                                  picocli.CommandLine.Model.ArgSpec arg, java.util.Map<String, Object> info) {
            if ("=".equals(info.get("separator"))) {
                return false; // picocli reads the attached value
            }
            arg.setValue("required");
            return true;
        }
    }

    CopyOptions toOptions(PrintWriter out) {
        java.util.List<Platform> named = platform == null ? java.util.List.of()
                : platform.stream().map(String::strip).filter(p -> !p.isEmpty()).map(Platform::parse).toList();
        String wanted = null;
        if (overrideOs != null || overrideArch != null || overrideVariant != null) {
            if (!named.isEmpty()) {
                throw new IllegalArgumentException("--platform and --override-os/--override-arch/--override-variant exclude each other");
            }
            Platform host = Platform.host();
            wanted = (overrideOs != null ? overrideOs : host.os()) + "/" + (overrideArch != null ? overrideArch : host.architecture())
                    + (overrideVariant != null ? "/" + overrideVariant : "");
        }
        boolean every = all;
        if (multiArch != null) {
            switch (multiArch) {
                case "all" -> every = true;
                case "system" -> {
                    if (wanted == null && named.isEmpty()) {
                        Platform host = Platform.host();
                        wanted = host.os() + "/" + host.architecture() + (host.variant() == null ? "" : "/" + host.variant());
                    }
                }
                case "index-only" -> throw new IllegalArgumentException(
                        "--multi-arch index-only is not supported: ociconv copies an index with its images (--all) or one platform");
                default -> throw new IllegalArgumentException("--multi-arch takes system or all, not '" + multiArch + "'");
            }
        }
        if (wanted != null) {
            named = java.util.List.of(Platform.parse(wanted));
        }
        if (every && !named.isEmpty()) {
            throw new IllegalArgumentException("--all (or --multi-arch all) and a platform choice exclude each other");
        }
        PlatformChoice choice = every ? PlatformChoice.ALL : PlatformChoice.of(named);
        CopyOptions o = CopyOptions.defaults()
                .withImage(image)
                .withCompression(compress == null ? LayerCompression.KEEP : LayerCompression.parse(compress))
                .withPlatforms(choice)
                .withJobs(jobs)
                .withVerifyDiffIds(verifyDiffIds)
                .withPreserveDigests(preserveDigests);
        if (compressLevel != null) {
            boolean zstd = compress != null && LayerCompression.parse(compress) == LayerCompression.ZSTD;
            if (compressLevel < 1 || compressLevel > (zstd ? 19 : 9)) {
                throw new IllegalArgumentException("--dest-compress-level takes 1..9 for gzip, 1..19 with --compress zstd, not " + compressLevel);
            }
            o = o.withCompressionLevel(compressLevel);
        }
        if (referrersType != null && referrers == null) {
            throw new IllegalArgumentException("--referrers-type needs --referrers");
        }
        if (referrers != null) {
            if (!referrers.equals("required") && !referrers.equals("best-effort")) {
                throw new IllegalArgumentException("--referrers takes required or best-effort, not '" + referrers + "'");
            }
            o = o.withReferrers(java.util.Optional.ofNullable(referrersType), referrers.equals("best-effort"));
        }
        CopyListener progress = LineProgress.forOutput(out, quiet);
        return o.withListener(dropArtifacts ? CopyListener.droppingArtifactsSilently(progress) : progress);
    }

}
