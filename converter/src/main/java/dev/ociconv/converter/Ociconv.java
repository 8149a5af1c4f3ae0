package dev.ociconv.converter;

import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier;
import dev.ociconv.converter.inspect.ImageInspector;
import dev.ociconv.converter.inspect.InspectReport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The library in a few calls. Locations are skopeo-style transport strings
 * ({@code docker-archive:in.tar}, {@code oci:dir:tag}, {@code oci-archive:x.tar}) or plain paths.
 *
 * <pre>{@code
 * ImageCopier.CopyReport r = Ociconv.copy("docker-archive:testimage.tar", "oci:testimage-oci:v1",
 *         CopyOptions.defaults());
 * InspectReport info = Ociconv.inspect("oci:testimage-oci");
 * }</pre>
 */
public final class Ociconv {
    private Ociconv() {
    }

    public static ImageSource openSource(String location) throws IOException {
        return Transports.openSource(TransportRef.parse(location), Transports.OpenContext.defaults());
    }

    public static ImageSink openSink(String location) throws IOException {
        return Transports.openSink(TransportRef.parse(location), Transports.OpenContext.defaults());
    }

    /**
     * Copies from one location to another. A reference in the source location ({@code :@1},
     * {@code :name:tag}) selects the image; one in the destination names it.
     */
    public static ImageCopier.CopyReport copy(String from, String to, CopyOptions options) throws IOException {
        TransportRef src = TransportRef.parse(from);
        TransportRef dst = TransportRef.parse(to);
        return copy(src, dst, options, Transports.OpenContext.defaults());
    }

    public static ImageCopier.CopyReport copy(TransportRef src, TransportRef dst, CopyOptions options,
                                              Transports.OpenContext ctx) throws IOException {
        return copy(src, dst, options, ctx, ctx);
    }

    /**
     * As {@link #copy(TransportRef, TransportRef, CopyOptions, Transports.OpenContext)}, with the
     * source opened in {@code sourceCtx} and the destination in {@code ctx}: two registries with
     * their own credentials, CAs and TLS settings.
     */
    public static ImageCopier.CopyReport copy(TransportRef src, TransportRef dst, CopyOptions options,
                                              Transports.OpenContext sourceCtx, Transports.OpenContext ctx) throws IOException {
        CopyOptions effective = options;
        if (src.reference().isPresent() && options.image().isEmpty()) {
            effective = effective.withImage(src.reference().get());
        }
        if (dst.reference().isPresent() && options.destinationNames().isEmpty()) {
            effective = effective.withDestinationNames(List.of(dst.reference().get()));
        } else if (dst.transport().isRemote() && options.destinationNames().isEmpty()) {
            // a pushed image is known by the reference it was pushed to, not by its source's names
            effective = effective.withDestinationNames(List.of(dst.location()));
        }
        effective = effective.withTagNames(namesAreTags(dst));
        // The destination first: what is already there is refused before any input is read
        // (a piped or compressed source is read whole when it is opened).
        try (ImageSink sink = Transports.openSink(dst, ctx);
             ImageSource source = Transports.openSource(src, sourceCtx)) {
            return new ImageCopier().copy(source, sink, effective);
        }
    }

    /**
     * Copies several sources into one destination, committed once: {@code ociconv save A B -o OUT}.
     * Each source's own reference ({@code :@1}, {@code :name:tag}) selects its images; images keep
     * their names; blobs they share are written once.
     */
    public static ImageCopier.CopyReport copyAll(List<TransportRef> sources, TransportRef dst, CopyOptions options,
                                                 Transports.OpenContext ctx) throws IOException {
        return copyAll(sources, dst, options, ctx, ctx);
    }

    /** As {@link #copyAll(List, TransportRef, CopyOptions, Transports.OpenContext)}, sources opened in {@code sourceCtx}. */
    public static ImageCopier.CopyReport copyAll(List<TransportRef> sources, TransportRef dst, CopyOptions options,
                                                 Transports.OpenContext sourceCtx, Transports.OpenContext ctx) throws IOException {
        if (dst.reference().isPresent() && sources.size() > 1) {
            throw new IllegalArgumentException(dst + ": a destination name needs a single source");
        }
        List<ImageSource> opened = new ArrayList<>();
        try (ImageSink sink = Transports.openSink(dst, ctx)) {
            List<ImageCopier.Selection> selections = new ArrayList<>();
            for (TransportRef src : sources) {
                ImageSource source = Transports.openSource(src, sourceCtx);
                opened.add(source);
                CopyOptions own = src.reference().isPresent() && options.image().isEmpty()
                        ? options.withImage(src.reference().get()) : options;
                if (src.transport().isRemote() && own.destinationNames().isEmpty()) {
                    own = own.withDestinationNames(List.of(src.location())); // a pulled image is named as pulled
                }
                if (dst.reference().isPresent()) {
                    own = own.withDestinationNames(List.of(dst.reference().get()));
                } else if (dst.transport().isRemote()) {
                    own = own.withDestinationNames(List.of(dst.location()));
                }
                own = own.withTagNames(namesAreTags(dst));
                selections.add(new ImageCopier.Selection(source, own));
            }
            return new ImageCopier().copyAll(selections, sink);
        } finally {
            IOException first = null;
            for (ImageSource s : opened) {
                try {
                    s.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** {@code --cosign-tags} reads a registry's tags and writes tags: a registry source, a registry or layout directory destination. */
    public static void checkCosignTags(List<TransportRef> sources, TransportRef dst) {
        if (sources.stream().noneMatch(s -> s.transport().isRemote())) {
            throw new IllegalArgumentException("--cosign-tags reads cosign's tags from a registry; no source is one");
        }
        if (!dst.transport().isRemote() && dst.transport() != dev.ociconv.converter.transport.OciLayoutTransport.DIRECTORY) {
            throw new IllegalArgumentException("--cosign-tags writes tags: to a registry or an OCI layout directory (oci:DIR), not "
                    + dst + " (for an archive of many images and their signatures, see ociconv mirror)");
        }
    }

    /**
     * After a copy: the images cosign stores beside each copied image of a registry source (its
     * root's and its index's images' {@code sha256-<hex>.sig}, {@code .att}, {@code .sbom} tags), copied
     * to the same tags at the destination (a registry: that repository; a layout: named so). Where
     * the copy changed an image's digest its signatures would name nothing: left out with one line.
     * The report gains one entry per tag copied.
     */
    public static ImageCopier.CopyReport copyCosignTags(TransportRef dst, ImageCopier.CopyReport report, CopyOptions options,
                                                       Transports.OpenContext sourceCtx, Transports.OpenContext ctx) throws IOException {
        List<ImageCopier.CopyReport.CopiedImage> all = new ArrayList<>(report.images());
        dev.ociconv.registry.CosignTagFinder finder = new dev.ociconv.registry.CosignTagFinder();
        for (ImageCopier.CopyReport.CopiedImage c : report.images()) {
            if (!c.source().startsWith("docker://")) {
                continue;
            }
            if (!c.sourceRoot().digest().equals(c.root().digest())) {
                dev.ociconv.converter.io.Notices.say("cosign tags of " + c.sourceRoot().digest().shortHex()
                        + " left out: the copy changed its digest, so they would sign nothing at " + dst);
                continue;
            }
            List<String> found;
            try (ImageSource source = Transports.openSource(TransportRef.parse(c.source()), sourceCtx)) {
                found = finder.find(c.source().substring("docker://".length()), source, c.sourceRoot(), sourceCtx.registry());
            }
            for (String ref : found) {
                String tag = ref.substring(ref.lastIndexOf(':') + 1);
                TransportRef from = TransportRef.parse("docker://" + ref);
                TransportRef to = dst.transport().isRemote()
                        ? new TransportRef(dst.transport(), withTag(dst.location(), tag), java.util.Optional.empty())
                        : new TransportRef(dst.transport(), dst.location(), java.util.Optional.of(tag));
                CopyOptions o = options.withoutReferrers().withImage(null).withDestinationNames(List.of())
                        .withPlatforms(dev.ociconv.converter.copy.PlatformChoice.ALL);
                all.addAll(copy(from, to, o, sourceCtx, ctx).images());
            }
        }
        return new ImageCopier.CopyReport(all);
    }

    /** {@code host/repo:tag} or {@code host/repo@digest} with another tag. */
    private static String withTag(String reference, String tag) {
        dev.ociconv.registry.ImageReference ref = dev.ociconv.registry.ImageReference.parse(reference);
        return ref.registry() + "/" + ref.repository() + ":" + tag;
    }

    /** An OCI layout's reference ({@code oci:DIR:REF}) is a ref name, a tag; a docker archive's is a full name. */
    private static boolean namesAreTags(TransportRef dst) {
        return dst.transport().referenceIsTag();
    }

    public static InspectReport inspect(String location) throws IOException {
        return inspect(location, Transports.OpenContext.defaults());
    }

    public static InspectReport inspect(String location, Transports.OpenContext ctx) throws IOException {
        return inspect(location, false, ctx);
    }

    /** As {@link #inspect(String, Transports.OpenContext)}; {@code referrers}: also what refers to each image. */
    public static InspectReport inspect(String location, boolean referrers, Transports.OpenContext ctx) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(location), ctx)) {
            return ImageInspector.inspect(source, referrers);
        }
    }

    /**
     * The tree of what refers to one image of {@code location} (its reference names it when the
     * source holds several): signatures, SBOMs, attestations, and what refers to those.
     */
    public static dev.ociconv.model.transport.ReferrerTree referrers(String location, Optional<String> artifactType,
                                                                       Transports.OpenContext ctx) throws IOException {
        TransportRef ref = TransportRef.parse(location);
        try (ImageSource source = Transports.openSource(ref, ctx)) {
            Optional<String> selector = ref.transport().isRemote() ? Optional.empty() : ref.reference();
            List<dev.ociconv.model.transport.SourceEntry> entries = dev.ociconv.converter.copy.ImageSelector.preferNamed(
                    dev.ociconv.converter.copy.ImageSelector.select(source.entries(), selector, source.description()));
            if (entries.size() != 1) {
                throw new IllegalArgumentException(source.description() + " holds " + entries.size()
                        + " images; name one (…:NAME:TAG or …:@N)");
            }
            return dev.ociconv.model.transport.ReferrerTree.of(source, entries.get(0).root(), artifactType);
        }
    }

    /**
     * The exact bytes of one image's root document ({@code config == false}: its manifest or
     * index, as the source stores it) or of its config, as {@code skopeo inspect --raw / --config}
     * print them. A source of several images needs its reference to name one.
     */
    public static byte[] rawDocument(String location, boolean config, Transports.OpenContext ctx) throws IOException {
        TransportRef ref = TransportRef.parse(location);
        try (ImageSource source = Transports.openSource(ref, ctx)) {
            List<dev.ociconv.model.transport.SourceEntry> entries = dev.ociconv.converter.copy.ImageSelector.preferNamed(
                    dev.ociconv.converter.copy.ImageSelector.select(source.entries(), ref.reference(), source.description()));
            if (entries.size() != 1) {
                throw new IllegalArgumentException(source.description() + " holds " + entries.size()
                        + " images; name one (…:NAME:TAG or …:@N)");
            }
            dev.ociconv.model.spec.Descriptor root = entries.get(0).root();
            dev.ociconv.model.transport.ImageNode node = source.resolve(root);
            if (node instanceof dev.ociconv.model.transport.IndexNode index) {
                if (config) {
                    throw new IllegalArgumentException(source.description() + ": " + root.digest()
                            + " is an index: --config needs one image (inspect it by its manifest's digest, or use --raw)");
                }
                return index.raw().bytes();
            }
            if (node instanceof dev.ociconv.model.transport.ArtifactNode artifact) {
                if (!config) {
                    return artifact.raw().bytes();
                }
                dev.ociconv.model.spec.Descriptor c = artifact.manifest().config();
                try (java.io.InputStream in = source.openBlob(c)) {
                    return dev.ociconv.model.content.BoundedReads.readAtMost(in, ctx.limits().maxConfigBytes(),
                            source.description() + ": config " + c.digest());
                }
            }
            dev.ociconv.model.transport.ManifestNode m = (dev.ociconv.model.transport.ManifestNode) node;
            if (config) {
                return m.config().bytes();
            }
            return m.manifestRaw().orElseThrow(() -> new IllegalArgumentException(source.description()
                    + ": a docker save archive stores no manifest (one is authored when the image is copied); --config prints its config"))
                    .bytes();
        }
    }
}
