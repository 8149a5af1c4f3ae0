package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.EntryNames;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Tells what kind of image archive a tar file is, from its entry names only, and how the whole
 * file is compressed (by magic bytes, never by its name).
 *
 * <ul>
 *   <li>{@code manifest.json} present: a {@code docker save} archive (Docker 25+ archives are also
 *       OCI layouts, but Docker's own loader reads them through manifest.json);</li>
 *   <li>{@code oci-layout} or {@code index.json}, no manifest.json: an OCI archive;</li>
 *   <li>{@code repositories} and v1 {@code <id>/json} only: a pre-Docker-1.10 (v1) archive;</li>
 *   <li>anything else, including an empty tar: unknown.</li>
 * </ul>
 *
 * @param format      the kind of archive
 * @param compression the compression of the whole file
 */
public record ArchiveProbe(Format format, Compression compression) {

    /** Kinds of image archive. */
    public enum Format { DOCKER_ARCHIVE, OCI_ARCHIVE, DOCKER_V1_ARCHIVE, UNKNOWN }

    public ArchiveProbe {
        Objects.requireNonNull(format);
        Objects.requireNonNull(compression);
    }

    /**
     * Probes a file: reads its tar headers (an uncompressed tar is listed by seeking past the
     * data; a compressed one is decompressed once, without keeping anything).
     *
     * @throws IOException when the file cannot be read or is not a tar archive
     */
    public static ArchiveProbe probe(Path file) throws IOException {
        Set<String> names = new HashSet<>();
        Compression compression;
        try (InputStream raw = dev.ociconv.converter.io.ArchiveFiles.openStream(file)) {
            Compressors.Sniffed sniffed = Compressors.decompressSniffed(raw);
            compression = sniffed.compression();
            TarArchiveInputStream tar = new TarArchiveInputStream(sniffed.stream());
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = EntryNames.normalise(e.getName());
                if (name != null) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable tar archive: " + e.getMessage(), e);
        }
        return new ArchiveProbe(classify(names), compression);
    }

    /** The format implied by a set of normalised entry names. */
    public static Format classify(Collection<String> names) {
        if (names.contains("manifest.json")) {
            return Format.DOCKER_ARCHIVE;
        }
        if (names.contains("oci-layout") || names.contains("index.json")) {
            return Format.OCI_ARCHIVE;
        }
        if (names.contains("repositories") || names.stream().anyMatch(n -> n.matches("[0-9a-f]{64}/json"))) {
            return Format.DOCKER_V1_ARCHIVE;
        }
        return Format.UNKNOWN;
    }
}
