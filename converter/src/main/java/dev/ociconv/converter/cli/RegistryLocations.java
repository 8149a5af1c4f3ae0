package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.spec.ImageName;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locations as crane's verbs take them: a bare {@code host/repo:tag} (a host with a dot or a
 * port, or localhost) means the registry, a transport string or a path as everywhere else.
 */
final class RegistryLocations {
    private RegistryLocations() {
    }

    static String location(String text) {
        if (Transports.prefixes().stream().anyMatch(text::startsWith) || Files.exists(Path.of(text))) {
            return text;
        }
        int slash = text.indexOf('/');
        String host = slash < 0 ? "" : text.substring(0, slash);
        boolean registryLike = host.contains(".") || host.contains(":") || host.equals("localhost");
        return registryLike && ImageName.isValid(text) ? "docker://" + text : text;
    }
}
