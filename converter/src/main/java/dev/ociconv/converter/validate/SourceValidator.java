package dev.ociconv.converter.validate;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code ociconv validate}: checks a {@code docker save} archive against what {@code docker load}
 * requires and an OCI layout (directory or archive) against the image-spec, and lists every
 * problem rather than stopping at the first. An archive with both {@code manifest.json} and
 * {@code oci-layout} (Docker 25+, containerd export) is checked both ways.
 *
 * <pre>ValidationReport r = SourceValidator.validate(Path.of("testimage.tar"));
 * r.problems().forEach(System.out::println);   // manifest.json[0].Layers[1]: '…/layer.tar' has diffID …</pre>
 */
public final class SourceValidator {
    private SourceValidator() {
    }

    /**
     * A pre-Docker-1.10 archive ({@code repositories} and v1 layer directories, no manifest.json):
     * Docker 20.10's {@code docker load} still takes it, rebuilding each config from the v1 chain,
     * and so does ociconv's reader; it is checked by reading it that way (every chain walked, every
     * layer hashed for its diffID).
     */
    private static void checkV1(Path source, Findings f) {
        f.formats.add("docker-archive");
        try (var archive = dev.ociconv.converter.dockerarchive.DockerArchiveSource.open(source,
                dev.ociconv.model.content.Limits.DEFAULT)) {
            for (var entry : archive.entries()) {
                f.images++;
                f.blobsChecked.add(entry.root().digest().toString());
                f.note("repositories", "pre-Docker-1.10 image " + String.join(", ", entry.names())
                        + ": config rebuilt from its v1 chain as docker load does, image ID " + entry.root().digest());
            }
        } catch (IOException e) {
            f.problem("repositories", e.getMessage());
        }
    }

    public static ValidationReport validate(Path source) throws IOException {
        ArchiveCatalog catalog = ArchiveCatalog.read(source, -1);
        Findings f = new Findings();
        for (String rejected : catalog.rejectedNames()) {
            f.problem(rejected, "entry name is absolute or leaves the archive");
        }
        for (String duplicate : catalog.duplicateNames()) {
            f.problem(dev.ociconv.converter.io.EntryNames.printable(duplicate), "entry name occurs more than once (readers disagree on which"
                    + " one counts: skopeo takes the first, docker load the last)");
        }
        for (String overlong : catalog.overlongNames()) {
            f.problem(overlong, "entry name longer than PATH_MAX (" + dev.ociconv.converter.archive.TarPolicy.PATH_MAX + " bytes): docker load cannot extract it");
        }
        if (catalog.documentsOverBudget()) {
            f.problem(source.toString(), "JSON documents exceed " + (ArchiveCatalog.DOCUMENTS_BUDGET >> 20)
                    + " MiB in all; those past the limit were not read");
        }
        boolean docker = catalog.entry("manifest.json").isPresent();
        boolean oci = catalog.entry("oci-layout").isPresent() || catalog.entry("index.json").isPresent();
        if (docker) {
            new DockerArchiveChecks(catalog, f).run();
        }
        if (oci) {
            new OciLayoutChecks(catalog, f).run();
        }
        if (!docker && !oci && catalog.entry("repositories").isPresent()) {
            checkV1(source, f);
        } else if (!docker && !oci) {
            f.problem("manifest.json", "missing, and no oci-layout either: not an image archive or layout");
        }
        return f.report(source.toString());
    }
}
