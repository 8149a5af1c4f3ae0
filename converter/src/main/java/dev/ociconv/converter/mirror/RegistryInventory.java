package dev.ociconv.converter.mirror;

import dev.ociconv.converter.transport.RegistryTransport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.SourceEntry;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistryClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a registry holds under a prefix, as an inventory ({@code ociconv mirror inventory}): every
 * repository the catalog lists under it, every tag, every blob those images reach. Written on
 * the far side of an air gap, it is the {@code --since} of the next bundle made on the near side.
 */
public final class RegistryInventory {
    private RegistryInventory() {
    }

    /** {@code location}: {@code HOST[:PORT][/PREFIX]}. {@code progress} hears one line per repository. */
    public static MirrorInventory of(String location, Transports.OpenContext ctx, Consumer<String> progress) throws IOException {
        String base = location.startsWith("docker://") ? location.substring("docker://".length()) : location;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        int slash = base.indexOf('/');
        String host = slash < 0 ? base : base.substring(0, slash);
        String prefix = slash < 0 ? "" : base.substring(slash + 1);
        if (host.isEmpty() || !(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            throw new IllegalArgumentException("'" + location + "' does not start with a registry host (HOST[:PORT][/PREFIX])");
        }
        List<MirrorInventory.Image> images = new ArrayList<>();
        Map<dev.ociconv.model.digest.Digest, MirrorInventory.Blob> blobs = new LinkedHashMap<>();
        List<String> repositories;
        try (RegistryClient client = RegistryClient.forReference(ImageReference.parse(host + "/catalog:latest"), ctx.registry())) {
            repositories = new ArrayList<>();
            for (String r : client.catalog()) {
                if (prefix.isEmpty() || r.equals(prefix) || r.startsWith(prefix + "/")) {
                    repositories.add(r);
                }
            }
            for (String repository : repositories) {
                List<String> tags = client.tags(repository);
                progress.accept(host + "/" + repository + ": " + tags.size() + " tags");
                for (String tag : tags) {
                    String ref = host + "/" + repository + ":" + tag;
                    try (ImageSource source = Transports.openSource(new TransportRef(RegistryTransport.INSTANCE, ref, Optional.empty()), ctx)) {
                        List<Descriptor> roots = source.entries().stream().map(SourceEntry::root).toList();
                        List<String> problems = new ArrayList<>();
                        BundleWalk walk = BundleWalk.of(source, roots, problems::add);
                        if (!problems.isEmpty()) {
                            throw new IOException(ref + ": " + problems.get(0));
                        }
                        walk.blobs().forEach(blobs::putIfAbsent);
                        Descriptor root = roots.get(0);
                        images.add(new MirrorInventory.Image(ref, root.digest(), root.mediaType().toString(), root.size(), "docker://" + ref));
                    }
                }
            }
        }
        return new MirrorInventory(images, new ArrayList<>(blobs.values()), List.of(), List.of(), Optional.empty());
    }
}
