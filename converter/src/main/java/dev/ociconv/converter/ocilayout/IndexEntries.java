package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.spec.ImageIndex;
import dev.ociconv.model.spec.ImageName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests of an index.json being written, with the naming rules of OCI layouts.
 *
 * <ul>
 *   <li>A tagged Docker name ({@code busybox:1.36}) becomes {@code org.opencontainers.image.ref.name}
 *       = the tag and {@code io.containerd.image.name} = the full normalised name
 *       ({@code docker.io/library/busybox:1.36}), as containerd and Docker 25 write; any other
 *       name is written verbatim as {@code ref.name}.</li>
 *   <li>Name annotations the root descriptor brings from its source are kept when they name it
 *       exactly as the names given to {@link #add} (a layout copied to a layout); otherwise they
 *       are dropped and the names given are the whole truth. Other annotations and the platform
 *       are kept.</li>
 *   <li>An entry whose name ({@link RefNames#namesOf}) equals a new entry's is replaced, as
 *       skopeo does; an unnamed entry is replaced by an unnamed entry of the same digest.</li>
 * </ul>
 */
final class IndexEntries {
    private final List<Descriptor> entries;
    private final Map<String, String> indexAnnotations;

    IndexEntries(ImageIndex existing) {
        this.entries = new ArrayList<>(existing == null ? List.of() : existing.manifests());
        this.indexAnnotations = existing == null ? Map.of() : existing.annotations();
    }

    synchronized void add(Descriptor root, List<String> names) {
        Map<String, String> base = new LinkedHashMap<>(root.annotations());
        base.remove(Annotations.REF_NAME);
        base.remove(Annotations.CONTAINERD_IMAGE_NAME);
        if (names.isEmpty()) {
            entries.removeIf(e -> RefNames.namesOf(e).isEmpty() && e.digest().equals(root.digest()));
            entries.add(root.withAnnotations(base));
            return;
        }
        boolean sourceNamed = RefNames.namesOf(root).equals(names);
        for (String name : names) {
            Map<String, String> annotations = new LinkedHashMap<>(base);
            annotations.putAll(nameAnnotations(name));
            // A name that comes from the source's own index.json (layout to layout) keeps its
            // annotations as written, so oci:DIR:pretty-empty:latest still finds it.
            Descriptor entry = sourceNamed ? root : root.withAnnotations(annotations);
            List<String> key = RefNames.namesOf(entry);
            entries.removeIf(e -> RefNames.namesOf(e).equals(key));
            entries.add(entry);
        }
    }

    /** The annotations that name an image {@code name} in index.json. */
    static Map<String, String> nameAnnotations(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (ImageName.isTagged(name)) {
            ImageName parsed = ImageName.parse(name);
            out.put(Annotations.REF_NAME, parsed.tag());
            out.put(Annotations.CONTAINERD_IMAGE_NAME, parsed.toString());
        } else if (name.contains("@") && ImageName.isValid(name)) {
            // pinned by digest (a mirror list's repo@sha256:…): the full name, and the whole of it as ref.name
            out.put(Annotations.REF_NAME, name);
            out.put(Annotations.CONTAINERD_IMAGE_NAME, ImageName.parse(name).toString());
        } else {
            out.put(Annotations.REF_NAME, name);
        }
        return out;
    }

    synchronized ImageIndex toIndex() {
        return new ImageIndex(2, MediaType.OCI_INDEX, null, entries, null, indexAnnotations);
    }
}
