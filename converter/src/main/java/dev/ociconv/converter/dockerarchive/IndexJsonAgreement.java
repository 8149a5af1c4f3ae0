package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.model.content.Limits;
import dev.ociconv.model.content.RawDocument;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.transport.ManifestAssembler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OCI side of a Docker 25+, containerd or BuildKit archive: {@code index.json} and the
 * manifests it leads to. When it names images, they must be the images {@code manifest.json}
 * names (compared by config digest); an archive whose two catalogues disagree is ambiguous and
 * rejected, since Docker and an OCI reader would load different images from it. Only images are
 * compared: attestations and other artifacts beside an image ({@link ManifestAssembler#whyArtifact})
 * are not in manifest.json and name no image there.
 *
 * <p>Where index.json leads to a manifest for an image, that manifest becomes the image's root
 * (its exact bytes are kept through a conversion); where its top-level entry is an index that
 * holds all its children and leads to that one image only (the image and its BuildKit
 * attestation manifest, as Docker 25's containerd store saves it), the index is the root, so a
 * copy to a layout or registry keeps the attestation. Indexes are followed through the children
 * the archive holds; a containerd export lists every platform but holds only one, so absent
 * children are skipped here (resolving one later fails clearly) and such an index is not a root.
 */
final class IndexJsonAgreement {
    static final String INDEX_JSON = "index.json";
    private static final int MAX_DEPTH = Limits.MAX_INDEX_DEPTH;

    private final TarStore contents;
    private final ArchiveBlobs blobs;
    private final Limits limits;
    /** config digest → (manifest descriptor, names from index.json annotations) */
    private final Map<Digest, Found> byConfig = new LinkedHashMap<>();
    /** config digest → the top-level index that holds everything it lists and leads to that image alone */
    private final Map<Digest, Found> byWholeIndex = new LinkedHashMap<>();

    private record Found(Descriptor manifest, List<String> names) {
    }

    /** What a walk below one top-level entry found. */
    private static final class Walk {
        final Set<Digest> images = new java.util.HashSet<>();
        boolean absentChild;
    }

    IndexJsonAgreement(TarStore contents, ArchiveBlobs blobs, Limits limits) {
        this.contents = contents;
        this.blobs = blobs;
        this.limits = limits;
    }

    /** Checks index.json against the images and returns them with manifest roots where index.json has one. */
    List<ArchiveImage> apply(List<ArchiveImage> images) throws IOException {
        if (!contents.contains(INDEX_JSON)) {
            return images;
        }
        String archive = contents.archive();
        byte[] bytes = contents.readSmall(INDEX_JSON, limits.maxArchiveIndexBytes(), INDEX_JSON);
        ImageIndex index = ImageIndex.parse(bytes, archive + ": " + INDEX_JSON);
        for (Descriptor d : index.manifests()) {
            if (blobs.find(d.digest()).isEmpty()) {
                throw blobs.missing(d, INDEX_JSON + " names manifest");
            }
            Walk walk = new Walk();
            walk(d, names(d), 0, walk);
            if (d.mediaType().isIndex() && !walk.absentChild && walk.images.size() == 1) {
                byWholeIndex.putIfAbsent(walk.images.iterator().next(), new Found(d, names(d)));
            }
        }
        if (byConfig.isEmpty()) {
            return images; // Docker 25 writes "manifests": null; nothing to agree with
        }
        Set<String> fromIndex = new TreeSet<>();
        byConfig.keySet().forEach(d -> fromIndex.add(d.toString()));
        Set<String> fromManifestJson = new TreeSet<>();
        images.forEach(i -> fromManifestJson.add(i.configDigest().toString()));
        if (!fromIndex.equals(fromManifestJson)) {
            throw new IOException(archive + ": index.json and manifest.json name different images (configs "
                    + fromIndex + " vs " + fromManifestJson + ")");
        }
        List<ArchiveImage> rooted = new ArrayList<>();
        for (ArchiveImage image : images) {
            Found f = byWholeIndex.getOrDefault(image.configDigest(), byConfig.get(image.configDigest()));
            rooted.add(image.withRoot(f.manifest(), image.names().isEmpty() ? f.names() : image.names()));
        }
        return rooted;
    }

    private void walk(Descriptor d, List<String> names, int depth, Walk walk) throws IOException {
        if (depth > MAX_DEPTH) {
            throw Limits.indexTooDeep(contents.archive() + ": " + INDEX_JSON);
        }
        MediaType type = d.mediaType();
        if (type.isIndex()) {
            RawDocument raw = blobs.readDocument(d, limits.maxManifestBytes(), "index");
            ImageIndex child = ImageIndex.parse(raw.bytes(), contents.archive() + ": index " + d.digest());
            for (Descriptor c : child.manifests()) {
                if (blobs.find(c.digest()).isPresent()) {
                    walk(c, names, depth + 1, walk);
                } else {
                    walk.absentChild = true;
                }
            }
        } else if (type.isManifest()) {
            RawDocument raw = blobs.readDocument(d, limits.maxManifestBytes(), "manifest");
            ImageManifest m = ImageManifest.parse(raw.bytes(), contents.archive() + ": manifest " + d.digest());
            if (ManifestAssembler.whyArtifact(m).isEmpty()) { // attestations and artifacts are not images
                byConfig.putIfAbsent(m.config().digest(), new Found(d, names));
                walk.images.add(m.config().digest());
            }
        }
        // other types (attestations, artifacts) name no image of manifest.json
    }

    /** The names index.json gives an image: containerd's full name, else the OCI ref name. */
    private static List<String> names(Descriptor d) {
        String full = d.annotation(Annotations.CONTAINERD_IMAGE_NAME);
        if (full != null && !full.isEmpty()) {
            return List.of(full);
        }
        String ref = d.annotation(Annotations.REF_NAME);
        return ref == null || ref.isEmpty() ? List.of() : List.of(ref);
    }
}
