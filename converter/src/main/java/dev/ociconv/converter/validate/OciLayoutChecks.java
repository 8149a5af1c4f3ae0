package dev.ociconv.converter.validate;

import dev.ociconv.converter.archive.TarEntry;

import dev.ociconv.converter.io.EntryNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.converter.ocilayout.RefNames;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.InvalidDocumentException;
import dev.ociconv.model.json.Json;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageConfig;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageManifest;
import dev.ociconv.model.spec.OciLayout;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An OCI image layout against image-spec v1.1 (image-layout.md): the {@code oci-layout} file,
 * {@code index.json}, every blob's digest (re-hashed) and size, every descriptor resolvable from
 * {@code index.json} down through indexes, manifests, configs and layers, media types consistent
 * between descriptors and documents, and {@code ref.name} annotations in the spec's grammar.
 *
 * <p>Absences the spec allows are notes, not problems: a foreign (non-distributable) layer, and
 * a platform of a nested index that was not exported (containerd's single-platform export).
 */
final class OciLayoutChecks {
    private static final int MAX_DEPTH = dev.ociconv.model.content.Limits.MAX_INDEX_DEPTH;

    private final ArchiveCatalog catalog;
    private final Findings f;
    private final Set<Digest> visited = new HashSet<>();

    OciLayoutChecks(ArchiveCatalog catalog, Findings findings) {
        this.catalog = catalog;
        this.f = findings;
    }

    void run() {
        f.formats.add("oci-layout");
        checkLayoutFile();
        checkBlobFiles();
        Optional<ArchiveCatalog.Entry> indexFile = catalog.resolve("index.json");
        if (indexFile.isEmpty() || indexFile.get().document() == null) {
            f.problem("index.json", indexFile.isEmpty() ? catalog.describeMissing("index.json") : "not a JSON document");
            return;
        }
        ImageIndex index;
        try {
            index = ImageIndex.parse(indexFile.get().document(), "index.json");
        } catch (InvalidDocumentException e) {
            f.problem("index.json", DockerArchiveChecks.stripWhat(e.getMessage(), "index.json"));
            return;
        }
        if (index.mediaType() != null && !index.mediaType().equals(MediaType.OCI_INDEX)) {
            f.problem("index.json", "mediaType " + index.mediaType() + " is not " + MediaType.OCI_INDEX);
        }
        for (int i = 0; i < index.manifests().size(); i++) {
            Descriptor d = index.manifests().get(i);
            String where = "index.json manifests[" + i + "]";
            String ref = d.annotation(Annotations.REF_NAME);
            if (ref != null && !RefNames.isValidRefName(ref)) {
                f.problem(where, "ref.name '" + EntryNames.printable(ref) + "' does not match image-spec's ref grammar");
            }
            checkDescriptor(d, where, 0, false);
        }
    }

    private void checkLayoutFile() {
        Optional<ArchiveCatalog.Entry> file = catalog.resolve("oci-layout");
        if (file.isEmpty() || file.get().document() == null) {
            f.problem("oci-layout", file.isEmpty() ? catalog.describeMissing("oci-layout") : "not a JSON document");
            return;
        }
        try {
            Json.parse(file.get().document(), OciLayout.class, "oci-layout");
        } catch (InvalidDocumentException e) {
            f.problem("oci-layout", DockerArchiveChecks.stripWhat(e.getMessage(), "oci-layout"));
        }
    }

    /** Re-hashes every file under {@code blobs/}: its name must be its digest. */
    private void checkBlobFiles() {
        for (ArchiveCatalog.Entry e : catalog.entries()) {
            if (!e.name().startsWith("blobs/") || e.kind() == TarEntry.Kind.DIRECTORY) {
                continue;
            }
            String[] parts = e.name().split("/");
            if (parts.length != 3 || !Digest.isValid(parts[1] + ":" + parts[2])) {
                f.problem(e.name(), "not a blob path (blobs/<algorithm>/<encoded digest>)");
                continue;
            }
            Digest named = Digest.parse(parts[1] + ":" + parts[2]);
            Optional<ArchiveCatalog.Entry> file = catalog.resolve(e.name());
            if (file.isEmpty()) {
                f.problem(e.name(), catalog.describeMissing(e.name()));
                continue;
            }
            f.blobsChecked.add(e.name());
            if (!named.algorithm().equals(Digest.SHA256)) {
                f.note(e.name(), "digest algorithm " + named.algorithm() + " not re-hashed");
            } else if (!file.get().digest().equals(named)) {
                f.problem(e.name(), "content has digest " + file.get().digest() + ", not the one it is named by");
            }
        }
    }

    private Optional<ArchiveCatalog.Entry> blob(Descriptor d, String where, boolean mayBeAbsent, String absentNote) {
        String path = "blobs/" + d.digest().algorithm() + "/" + d.digest().hex();
        Optional<ArchiveCatalog.Entry> blob = catalog.resolve(path);
        if (blob.isEmpty()) {
            if (mayBeAbsent) {
                f.note(where, d.digest() + " " + absentNote);
            } else {
                f.problem(where, "blob " + d.digest() + " (" + d.mediaType() + ") " + catalog.describeMissing(path));
            }
            return Optional.empty();
        }
        if (blob.get().size() != d.size()) {
            f.problem(where, "size " + d.size() + " but blob " + d.digest().shortHex() + " has " + blob.get().size() + " bytes");
        }
        return blob;
    }

    private void checkDescriptor(Descriptor d, String where, int depth, boolean nested) {
        if (depth > MAX_DEPTH) {
            f.problem(where, "indexes nested more than " + MAX_DEPTH + " deep");
            return;
        }
        MediaType type = d.mediaType();
        if (!type.isIndex() && !type.isManifest()) {
            f.problem(where, "mediaType " + type + " is neither an image index nor an image manifest");
            return;
        }
        Optional<ArchiveCatalog.Entry> blob = blob(d, where, nested,
                "not present (a platform that was not exported; allowed for a nested index)");
        if (blob.isEmpty() || !visited.add(d.digest())) {
            return;
        }
        byte[] doc = blob.get().document();
        String name = d.digest().shortHex();
        if (doc == null) {
            f.problem(where, "blob " + name + " is not a JSON document");
            return;
        }
        String declared = documentMediaType(doc);
        if (declared != null && !declared.equals(type.value())) {
            f.problem(where, "descriptor says " + type + " but the document says " + declared);
        }
        try {
            if (type.isIndex()) {
                ImageIndex index = ImageIndex.parse(doc, name);
                for (int i = 0; i < index.manifests().size(); i++) {
                    checkDescriptor(index.manifests().get(i), "index " + name + " manifests[" + i + "]", depth + 1, true);
                }
            } else {
                checkManifest(ImageManifest.parse(doc, name), type, name, isAttestation(d));
            }
        } catch (InvalidDocumentException e) {
            f.problem(where, "blob " + e.getMessage());
        }
    }

    /**
     * BuildKit's attestation manifest (an SBOM or provenance for the image it names): an image
     * manifest in form, whose layers are in-toto statements, not filesystem layers.
     */
    private static boolean isAttestation(Descriptor d) {
        return "attestation-manifest".equals(d.annotations().get(dev.ociconv.model.spec.Annotations.BUILDKIT_REFERENCE_TYPE));
    }

    private void checkManifest(ImageManifest m, MediaType type, String name, boolean attestation) {
        String where = (attestation ? "attestation manifest " : "manifest ") + name;
        MediaType configType = m.config().mediaType();
        // an attestation's blobs are checked (digests, sizes) but it is not an image to count or unpack
        boolean image = configType.isConfig() && !attestation;
        if (image) {
            f.images++;
        }
        if (image && configType.isDocker() != type.isDocker()) {
            f.problem(where + " config", "config media type " + configType + " in a " + family(type) + " manifest");
        }
        Optional<ArchiveCatalog.Entry> config = blob(m.config(), where + " config", false, "");
        List<Digest> diffIds = null;
        if (config.isPresent() && image) {
            try {
                byte[] doc = config.get().document();
                if (doc == null) {
                    throw new InvalidDocumentException("not a JSON document");
                }
                diffIds = ImageConfig.parse(doc, "config").diffIds();
            } catch (InvalidDocumentException e) {
                f.problem(where + " config", DockerArchiveChecks.stripWhat(e.getMessage(), "config"));
            }
        }
        if (diffIds != null && diffIds.size() != m.layers().size()) {
            f.problem(where, m.layers().size() + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < m.layers().size(); i++) {
            checkLayer(m.layers().get(i), type, image, where + " layers[" + i + "]",
                    diffIds != null && i < diffIds.size() ? diffIds.get(i) : null);
        }
    }

    private void checkLayer(Descriptor l, MediaType manifestType, boolean image, String where, Digest diffId) {
        MediaType t = l.mediaType();
        if (image && !t.isLayer()) {
            f.problem(where, "media type " + t + " is not a layer type");
            return;
        }
        if (image && t.isDocker() != manifestType.isDocker()) {
            f.problem(where, "layer media type " + t + " in a " + family(manifestType) + " manifest");
        }
        Optional<ArchiveCatalog.Entry> blob = blob(l, where, t.isForeignLayer(),
                "absent: foreign layer, fetched from its urls " + l.urls());
        if (blob.isEmpty() || !image) {
            return;
        }
        Compression declared = t.declaredCompression();
        Compression actual = blob.get().compression();
        if (declared != actual && blob.get().size() > 0) {
            f.problem(where, t + " declares " + declared.displayName() + " but the blob is " + actual.displayName());
        } else if (diffId != null && blob.get().uncompressedDigest() != null && !blob.get().uncompressedDigest().equals(diffId)) {
            f.problem(where, "uncompressed digest " + blob.get().uncompressedDigest() + " is not diff_id " + diffId);
        }
    }

    private static String family(MediaType t) {
        return t.isDocker() ? "Docker" : "OCI";
    }

    private static String documentMediaType(byte[] doc) {
        try {
            JsonNode tree = Json.parseTree(doc, "document");
            JsonNode mt = tree.isObject() ? tree.get("mediaType") : null;
            return mt != null && mt.isTextual() ? mt.textValue() : null;
        } catch (InvalidDocumentException e) {
            return null;
        }
    }
}
