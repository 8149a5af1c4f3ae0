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
            f.problem(overlong, "entry name longer than PATH_MAX (" + ArchiveCatalog.PATH_MAX + " bytes): docker load cannot extract it");
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
        if (!docker && !oci) {
            f.problem("manifest.json", catalog.entry("repositories").isPresent()
                    ? "missing: only the pre-Docker-1.10 v1 format (repositories and v1 directories) is present"
                    : "missing, and no oci-layout either: not an image archive or layout");
        }
        return f.report(source.toString());
    }
}
