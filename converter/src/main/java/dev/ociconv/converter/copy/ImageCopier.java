package dev.ociconv.converter.copy;

import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ArtifactNode;
import dev.ociconv.model.transport.BlobNotFoundException;
import dev.ociconv.model.transport.ImageNode;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.IndexNode;
import dev.ociconv.model.transport.ManifestNode;
import dev.ociconv.model.transport.SourceEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one smart part of a copy (DESIGN.md rule 2): which images, which platforms, which layer
 * compression, in which order (layers, config, manifest, index, names) and what is verified.
 * Sources and sinks only move bytes.
 */
public final class ImageCopier {

    /** Copies the selected images of {@code source} into {@code sink} and commits it. */
    public CopyReport copy(ImageSource source, ImageSink sink, CopyOptions options) throws IOException {
        return copyAll(List.of(new Selection(source, options)), sink);
    }

    /**
     * Copies the selected images of {@code source} into {@code sink} without committing it: a
     * caller that adds images from many sources (a mirror run) commits once, when it decides the
     * result is complete.
     */
    public List<CopyReport.CopiedImage> add(ImageSource source, ImageSink sink, CopyOptions options) throws IOException {
        return copyInto(source, sink, options);
    }

    /** One source of a multi-source copy, with its own options (image selection, names, ...). */
    public record Selection(ImageSource source, CopyOptions options) {
    }

    /**
     * Copies the images of several sources into one sink and commits it once: one archive or
     * layout holding them all, blobs they share written once ({@code ociconv save A B -o OUT}).
     */
    public CopyReport copyAll(List<Selection> selections, ImageSink sink) throws IOException {
        List<CopyReport.CopiedImage> copied = new ArrayList<>();
        for (Selection s : selections) {
            copied.addAll(copyInto(s.source(), sink, s.options()));
        }
        sink.commit();
        List<CopyReport.CopiedImage> committed = new ArrayList<>();
        for (CopyReport.CopiedImage c : copied) {
            committed.add(c.withCommitted(sink.committedDigest(c.root())));
        }
        return new CopyReport(committed);
    }

    private List<CopyReport.CopiedImage> copyInto(ImageSource source, ImageSink sink, CopyOptions options)
            throws IOException {
        List<SourceEntry> entries = ImageSelector.select(source.entries(), options.image(), source.description());
        if (!options.destinationNames().isEmpty() && options.image().isEmpty()) {
            // one named image and its referrers (--referrers brings those along): the name is the image's
            entries = ImageSelector.preferNamed(entries);
        }
        if (!options.destinationNames().isEmpty() && entries.size() > 1) {
            throw new IOException(source.description() + " holds " + entries.size()
                    + " images but the destination names one; choose one with --image NAME or --image @N ("
                    + ImageSelector.describe(entries) + ")");
        }
        ExecutorService workers = Executors.newFixedThreadPool(options.jobs(), daemon("ociconv-layer"));
        ExecutorService helpers = Executors.newCachedThreadPool(daemon("ociconv-inflate"));
        try {
            List<CopyReport.CopiedImage> copied = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            NodeCopier nodes = new NodeCopier(source, sink, options, workers, helpers);
            for (SourceEntry entry : entries) {
                ImageNode node = source.resolve(entry.root());
                if (options.preserveDigests() && entry.root().mediaType().isConfig()) {
                    throw new IOException(source.description() + ": " + describeEntry(entry) + " has no manifest (a docker save "
                            + "archive stores none), so every copy authors one: --preserve-digests cannot hold");
                }
                Descriptor root = nodes.copy(node, entry.root());
                if (root == null) {
                    dropped.add(entry.names().isEmpty() ? entry.root().digest().shortHex() : String.join(", ", entry.names()));
                    continue; // an artifact the sink cannot hold, reported by the listener
                }
                if (options.preserveDigests() && !root.digest().equals(entry.root().digest())) {
                    // before the image is named at the destination: the sink is never committed with it
                    throw new IOException(source.description() + ": " + describeEntry(entry) + " would be "
                            + root.digest().shortHex() + " at " + sink.description() + ", not " + entry.root().digest().shortHex()
                            + " (" + whyChanged(entry.root(), root, sink) + "); --preserve-digests refuses to change a digest");
                }
                List<String> names = DestinationNames.of(options, entry.names());
                // index.json annotations of the source entry travel with it (layout to layout)
                Descriptor named = root.withAnnotations(mergeEntryAnnotations(entry.root(), root));
                sink.addImage(named, names);
                options.listener().imageDone(String.join(", ", names), root.digest());
                copied.add(new CopyReport.CopiedImage(names, named, nodes.takeLayers(), nodes.takeImageId(),
                        source.description(), entry.root(), Optional.empty()));
                if (options.referrers().isPresent()) {
                    copyReferrers(source, sink, nodes, entry.root(), root, options.referrers().get());
                    nodes.takeLayers(); // the report counts the image's own
                    nodes.takeImageId();
                }
            }
            if (copied.isEmpty() && !dropped.isEmpty()) {
                throw new IOException(source.description() + ": nothing to copy: " + String.join("; ", dropped)
                        + (dropped.size() == 1 ? " is an artifact" : " are artifacts") + ", which "
                        + sink.description() + " cannot hold (an OCI layout, OCI archive or registry can)");
            }
            return copied;
        } finally {
            workers.shutdownNow();
            helpers.shutdownNow();
            // After a failure, layers still in flight must stop before the caller closes the sink:
            // one still writing would recreate the staging area the close has just removed.
            awaitStopped(workers);
            awaitStopped(helpers);
        }
    }

    /**
     * What refers to the image, and what refers to that, copied after it (the referrers of a
     * source are its own: a registry's API or fallback tag, a layout's index.json). Each referrer's
     * {@code subject} is checked to be the image (or referrer) it was listed for before anything
     * of it is written. Where the copy changed the image's digest (its layers were recompressed,
     * a docker save archive got a manifest authored), referrers would name nothing at the
     * destination: they are left out with one line.
     */
    private static void copyReferrers(ImageSource source, ImageSink sink, NodeCopier nodes, Descriptor sourceRoot,
                                      Descriptor written, CopyOptions.ReferrerFilter filter) throws IOException {
        List<dev.ociconv.model.transport.ReferrerTree.Node> tree;
        try {
            tree = dev.ociconv.model.transport.ReferrerTree.of(source, sourceRoot, filter.artifactType()).referrers();
        } catch (IOException e) {
            if (!filter.bestEffort()) {
                throw e;
            }
            dev.ociconv.converter.io.Notices.say("referrers of " + sourceRoot.digest().shortHex() + " skipped (--referrers=best-effort): "
                    + e.getMessage());
            return;
        }
        if (tree.isEmpty()) {
            return; // nothing refers to it (a docker save archive holds no referrers at all)
        }
        if (!sourceRoot.digest().equals(written.digest())) {
            dev.ociconv.converter.io.Notices.say(tree.size() + " referrers of " + sourceRoot.digest().shortHex()
                    + " left out: the copy changed its digest to " + written.digest().shortHex()
                    + ", so their subject would name nothing at " + sink.description());
            return;
        }
        copyReferrers(source, sink, nodes, sourceRoot.digest(), tree, filter.bestEffort());
    }

    /**
     * {@code bestEffort}: a referrer that cannot be read or is not what it is listed as (with what
     * refers to it) is skipped with one line, the rest copied; otherwise it fails the copy, before
     * anything of it is written.
     */
    private static void copyReferrers(ImageSource source, ImageSink sink, NodeCopier nodes, Digest subject,
                                      List<dev.ociconv.model.transport.ReferrerTree.Node> referrers, boolean bestEffort)
            throws IOException {
        for (var referrer : referrers) {
            Descriptor listed = referrer.descriptor();
            Descriptor plain = new Descriptor(listed.mediaType(), listed.digest(), listed.size());
            ImageNode node;
            dev.ociconv.model.transport.ReferrerScan.Referrer claimed;
            try {
                node = source.resolve(plain);
                RawDocument doc = node.document().orElseThrow();
                var found = dev.ociconv.model.transport.ReferrerScan.referrer(doc, source.description() + ": " + plain.digest());
                if (found.isEmpty() || !found.get().subject().equals(subject)) {
                    throw new IOException(source.description() + ": " + plain.digest().shortHex() + " is listed as a referrer of "
                            + subject.shortHex() + " but its subject is " + found.map(c -> c.subject().shortHex()).orElse("absent"));
                }
                claimed = found.get();
            } catch (IOException e) {
                if (!bestEffort) {
                    throw e;
                }
                dev.ociconv.converter.io.Notices.say("referrer " + plain.digest().shortHex() + " skipped (--referrers=best-effort): "
                        + e.getMessage());
                continue;
            }
            Descriptor copied = nodes.copy(node, plain);
            if (copied == null) {
                continue; // an artifact the sink cannot hold, reported
            }
            if (!copied.digest().equals(plain.digest())) {
                dev.ociconv.converter.io.Notices.say("referrer " + plain.digest().shortHex() + " is an image whose copy changed its digest to "
                        + copied.digest().shortHex() + "; what refers to it is left out");
                continue;
            }
            sink.addReferrer(claimed.descriptor());
            copyReferrers(source, sink, nodes, plain.digest(), referrer.referrers(), bestEffort);
        }
    }

    private static String describeEntry(SourceEntry entry) {
        return entry.names().isEmpty() ? "image " + entry.root().digest().shortHex() : String.join(", ", entry.names());
    }

    /** Why a copy changed a root's digest, as far as its media types tell. */
    private static String whyChanged(Descriptor from, Descriptor to, ImageSink sink) {
        if (!from.mediaType().equals(to.mediaType())) {
            return "its " + from.mediaType() + " becomes " + to.mediaType() + ", which " + sink.description() + " stores";
        }
        return "layers recompressed for the destination or by --compress, or an image of its index changed";
    }

    private static void awaitStopped(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                System.getLogger(ImageCopier.class.getName()).log(System.Logger.Level.WARNING,
                        "layer threads still running 30 s after the copy ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The source entry's annotations when its root was copied unchanged; else the copied root's
     * own (ociconv's annotations an authored Docker manifest could not hold, see ImageWriter).
     */
    private static java.util.Map<String, String> mergeEntryAnnotations(Descriptor sourceRoot, Descriptor copied) {
        if (!sourceRoot.digest().equals(copied.digest()) || sourceRoot.mediaType().isConfig()) {
            return copied.annotations();
        }
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(sourceRoot.annotations());
        merged.putAll(copied.annotations());
        return merged;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Copies nodes recursively; one per copy call. */
    private static final class NodeCopier {
        private final ImageSource source;
        private final ImageSink sink;
        private final CopyOptions options;
        private final ImageWriter images;
        private final ArtifactWriter artifacts;
        private final List<CopyReport.CopiedLayer> layers = new ArrayList<>();
        private final List<Digest> imageIds = new ArrayList<>();
        private boolean indexKept;

        NodeCopier(ImageSource source, ImageSink sink, CopyOptions options, ExecutorService workers, ExecutorService helpers) {
            this.source = source;
            this.sink = sink;
            this.options = options;
            this.images = new ImageWriter(source, sink, options, workers, helpers);
            this.artifacts = new ArtifactWriter(source, sink, options.listener());
        }

        List<CopyReport.CopiedLayer> takeLayers() {
            List<CopyReport.CopiedLayer> out = List.copyOf(layers);
            layers.clear();
            return out;
        }

        /** The image ID of the one image the last entry was, empty when it was an index kept whole. */
        Optional<Digest> takeImageId() {
            Optional<Digest> id = imageIds.size() == 1 && !indexKept ? Optional.of(imageIds.get(0)) : Optional.empty();
            imageIds.clear();
            indexKept = false;
            return id;
        }

        Descriptor copy(ImageNode node, Descriptor descriptor) throws IOException {
            return copy(node, descriptor, 1);
        }

        /**
         * {@code depth}: how many indexes lead here (checked before descending, so a chain never
         * overflows the stack). Null when nothing was written: an artifact (or an index of nothing
         * but artifacts) that the sink cannot hold, which the listener has been told about.
         */
        private Descriptor copy(ImageNode node, Descriptor descriptor, int depth) throws IOException {
            if (node instanceof ArtifactNode a) {
                if (!sink.capabilities().acceptsArtifacts()) {
                    options.listener().artifactDropped(describe(a, descriptor), sink.description() + " cannot hold artifacts");
                    return null;
                }
                return artifacts.write(a, descriptor);
            }
            if (node instanceof ManifestNode m) {
                checkPlatform(m, descriptor);
                ImageWriter.Written w = images.write(m, descriptor);
                imageIds.add(m.config().digest());
                layers.addAll(w.layers());
                return w.carried().isEmpty() ? w.descriptor() : w.descriptor().withAnnotations(w.carried());
            }
            IndexNode index = (IndexNode) node;
            PlatformChoice choice = options.platforms();
            boolean keepAll = switch (choice.mode()) {
                case ALL -> {
                    if (!sink.capabilities().acceptsIndexes()) {
                        throw new IOException(sink.description() + " holds one platform per image: choose one with --platform OS/ARCH");
                    }
                    yield true;
                }
                case ONE, SOME -> false;
                case AUTO -> sink.capabilities().acceptsIndexes() && allPresent(index, depth);
            };
            if (keepAll) {
                indexKept = true;
                return copyIndex(index, descriptor, depth);
            }
            if (!sink.capabilities().acceptsArtifacts() && PlatformMatch.holdsNoImage(source, index)) {
                // signatures or other artifacts gathered in an index: nothing here the sink can hold
                for (Descriptor child : index.index().manifests()) {
                    copy(source.resolve(child), child, depth + 1);
                }
                return null;
            }
            if (choice.mode() == PlatformChoice.Mode.SOME) {
                return subset(index, descriptor, matchesOf(index, descriptor, choice), depth);
            }
            PlatformMatch match = PlatformMatch.find(source, index, descriptor, choice.wanted(),
                    choice.mode() == PlatformChoice.Mode.ONE);
            List<Descriptor> attestations = attestationsOf(index, match.descriptor());
            if (attestations.isEmpty() || !sink.capabilities().acceptsIndexes() || !sink.capabilities().acceptsArtifacts()) {
                Descriptor copied = copy(match.node(), match.descriptor(), depth + 1);
                if (copied != null && !attestations.isEmpty()) {
                    reportAttestationsLeft(attestations, match.descriptor(), copied);
                }
                return copied;
            }
            return subset(index, descriptor, List.of(match), depth);
        }

        /**
         * The images of the index for the platforms named (through nested indexes), each once. At
         * least one must be there; a platform that is not gets one line, as the copy goes on.
         */
        private List<PlatformMatch> matchesOf(IndexNode index, Descriptor descriptor, PlatformChoice choice) throws IOException {
            if (!sink.capabilities().acceptsIndexes()) {
                throw new IOException(sink.description() + " holds one platform per image: name one --platform, not "
                        + choice.platforms().size() + " (" + choice + ")");
            }
            List<PlatformMatch> matches = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            NoSuchPlatformException last = null;
            for (dev.ociconv.model.spec.Platform p : choice.platforms()) {
                try {
                    PlatformMatch m = PlatformMatch.find(source, index, descriptor, p, true);
                    if (matches.stream().noneMatch(x -> x.descriptor().digest().equals(m.descriptor().digest()))) {
                        matches.add(m);
                    }
                } catch (NoSuchPlatformException e) {
                    missing.add(p.toString());
                    last = e;
                }
            }
            if (matches.isEmpty()) {
                throw new NoSuchPlatformException(source.description() + ": index " + descriptor.digest().shortHex()
                        + " holds none of the platforms asked for (" + choice + "): " + last.getMessage());
            }
            if (!missing.isEmpty()) {
                dev.ociconv.converter.io.Notices.say(source.description() + ": index " + descriptor.digest().shortHex()
                        + " has no " + String.join(", ", missing) + "; the other platforms asked for are copied");
            }
            // in the source index's order (an image of a nested index after those of this one)
            List<Digest> order = index.index().manifests().stream().map(Descriptor::digest).toList();
            matches.sort(java.util.Comparator.comparingInt(m -> {
                int at = order.indexOf(m.descriptor().digest());
                return at < 0 ? Integer.MAX_VALUE : at;
            }));
            return matches;
        }

        /**
         * Some platforms taken from an index, into a destination that holds indexes: each chosen
         * image with its BuildKit attestation manifests, in a smaller index of them (their entries as
         * the source's index wrote them), as BuildKit lays them out. The index itself is kept byte
         * for byte when nothing was left out. One image taken whose attestations could not come is
         * that image alone.
         */
        private Descriptor subset(IndexNode index, Descriptor indexDescriptor, List<PlatformMatch> matches, int depth)
                throws IOException {
            List<Descriptor> children = new ArrayList<>();
            Descriptor alone = null;
            for (PlatformMatch m : matches) {
                Descriptor entry = m.descriptor();
                Descriptor copied = copy(m.node(), entry, depth + 1);
                if (copied == null) {
                    continue; // an artifact the sink cannot hold, reported
                }
                alone = copied;
                children.add(new Descriptor(copied.mediaType(), copied.digest(), copied.size(), entry.urls(),
                        entry.annotations(), entry.data(), entry.platform(), entry.artifactType()));
                List<Descriptor> attestations = attestationsOf(index, entry);
                if (attestations.isEmpty()) {
                    continue;
                }
                if (!sink.capabilities().acceptsArtifacts() || !copied.digest().equals(entry.digest())) {
                    reportAttestationsLeft(attestations, entry, copied);
                    continue;
                }
                for (Descriptor a : attestations) {
                    Descriptor written = copy(source.resolve(a), a, depth + 1);
                    if (written == null || !written.digest().equals(a.digest())) {
                        throw new IOException(source.description() + ": attestation " + a.digest().shortHex() + " was not copied as it is");
                    }
                    children.add(a);
                }
            }
            if (children.isEmpty()) {
                return null;
            }
            if (matches.size() == 1 && children.size() == 1) {
                return alone;
            }
            boolean unchanged = children.equals(index.index().manifests())
                    && (!index.raw().mediaType().isDocker() || sink.capabilities().acceptsManifest(MediaType.DOCKER_MANIFEST));
            MediaType type = index.raw().mediaType().equals(MediaType.DOCKER_MANIFEST_LIST)
                    && children.stream().allMatch(c -> c.mediaType().isDocker())
                    && sink.capabilities().acceptsManifest(MediaType.DOCKER_MANIFEST) ? MediaType.DOCKER_MANIFEST_LIST : MediaType.OCI_INDEX;
            RawDocument doc = unchanged ? index.raw() : ManifestAuthor.index(type, children, index.index().annotations());
            sink.putManifest(doc);
            indexKept = true;
            return new Descriptor(doc.mediaType(), doc.digest(), doc.size(), null, indexDescriptor.annotations(), null, null, null);
        }

        /** BuildKit's attestation manifests of one image of the index ({@code vnd.docker.reference.digest} names it). */
        private static List<Descriptor> attestationsOf(IndexNode index, Descriptor image) {
            List<Descriptor> out = new ArrayList<>();
            for (Descriptor child : index.index().manifests()) {
                if (image.digest().toString().equals(child.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_DIGEST))) {
                    out.add(child);
                }
            }
            return out;
        }

        /** A single-platform image asked for with another {@code --platform}: see {@link PlatformMatch#require}. */
        private void checkPlatform(ManifestNode image, Descriptor descriptor) throws IOException {
            if (options.platforms().named()) {
                PlatformMatch.require(source, image, descriptor, options.platforms());
            }
        }

        private Descriptor copyIndex(IndexNode index, Descriptor descriptor, int depth) throws IOException {
            List<Descriptor> children = new ArrayList<>();
            boolean unchanged = true;
            for (Descriptor child : index.index().manifests()) {
                if (child.mediaType().isIndex() && depth + 1 > dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH) {
                    throw dev.ociconv.model.content.Limits.indexTooDeep(source.description() + ": index " + descriptor.digest().shortHex());
                }
                Descriptor copied = copy(source.resolve(child), child, depth + 1);
                if (copied == null) {
                    unchanged = false;
                    continue;
                }
                Descriptor kept = new Descriptor(copied.mediaType(), copied.digest(), copied.size(), child.urls(),
                        child.annotations(), child.data(), child.platform(), child.artifactType());
                unchanged &= kept.digest().equals(child.digest()) && kept.mediaType().equals(child.mediaType());
                children.add(kept);
            }
            if (children.isEmpty() && !index.index().manifests().isEmpty()) {
                return null; // it held only artifacts, all dropped
            }
            // a Docker manifest list goes only where Docker manifests go
            unchanged &= !index.raw().mediaType().isDocker() || sink.capabilities().acceptsManifest(MediaType.DOCKER_MANIFEST);
            RawDocument doc;
            if (unchanged) {
                doc = index.raw();
            } else {
                MediaType type = index.raw().mediaType();
                boolean docker = children.stream().allMatch(c -> c.mediaType().isDocker());
                MediaType indexType = docker && type.equals(MediaType.DOCKER_MANIFEST_LIST) ? type : MediaType.OCI_INDEX;
                doc = ManifestAuthor.index(indexType, children, index.index().annotations());
            }
            sink.putManifest(doc);
            return new Descriptor(doc.mediaType(), doc.digest(), doc.size(), null, descriptor.annotations(), null, null, null);
        }

        /** The image's attestation manifests stay behind (the sink cannot hold them, or the image's digest changed): say so. */
        private void reportAttestationsLeft(List<Descriptor> attestations, Descriptor taken, Descriptor copied) {
            for (Descriptor child : attestations) {
                String kind = child.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE);
                String why = !sink.capabilities().acceptsArtifacts() ? sink.description() + " cannot hold artifacts"
                        : !sink.capabilities().acceptsIndexes() ? sink.description() + " holds one manifest per image"
                        : "the copy changed the image's digest to " + copied.digest().shortHex() + ", which the attestation does not name";
                options.listener().artifactDropped("artifact " + child.digest().shortHex() + " (" + kind + ", refers to "
                        + taken.digest().shortHex() + ")", why);
            }
        }

        private static String describe(ArtifactNode a, Descriptor d) {
            String referenceType = d.annotation(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE);
            String kind = referenceType != null ? referenceType : a.artifactType();
            return "artifact " + d.digest().shortHex() + " (" + kind
                    + a.subject().map(s -> ", refers to " + s.digest().shortHex()).orElse("") + ")";
        }

        /** True when every child manifest of the index (recursively) is in the source. */
        private boolean allPresent(IndexNode index, int depth) throws IOException {
            for (Descriptor child : index.index().manifests()) {
                if (child.mediaType().isIndex() && depth + 1 > dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH) {
                    throw dev.ociconv.model.content.Limits.indexTooDeep(source.description() + ": index " + index.raw().digest().shortHex());
                }
                try {
                    ImageNode n = source.resolve(child);
                    if (n instanceof IndexNode nested && !allPresent(nested, depth + 1)) {
                        return false;
                    }
                } catch (BlobNotFoundException e) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What was copied, for reports and tests. */
    public record CopyReport(List<CopiedImage> images) {
        /**
         * One top-level image written.
         *
         * @param names        the names it was given at the destination
         * @param root         the root descriptor handed to the sink (manifest or index as written)
         * @param layers       the layers of its image(s)
         * @param imageId      the config digest (Docker's image ID) when it is one image; empty for an index
         * @param source       the source's description
         * @param sourceRoot   the source's descriptor of it (for a registry: the digest the tag resolved to)
         * @param committed    after commit, the digest that addresses it at the destination
         *                     ({@link ImageSink#committedDigest}); empty where no manifest is stored
         */
        public record CopiedImage(List<String> names, Descriptor root, List<CopiedLayer> layers, Optional<Digest> imageId,
                                  String source, Descriptor sourceRoot, Optional<Digest> committed) {
            public CopiedImage {
                names = List.copyOf(names);
                layers = List.copyOf(layers);
                java.util.Objects.requireNonNull(imageId);
                java.util.Objects.requireNonNull(committed);
            }

            CopiedImage withCommitted(Optional<Digest> digest) {
                return new CopiedImage(names, root, layers, imageId, source, sourceRoot, digest);
            }
        }

        public record CopiedLayer(Digest diffId, Descriptor stored) {
        }
    }
}
