package dev.ociconv.converter.cli;

import dev.ociconv.converter.transport.Transport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "convert",
        description = {"Convert an image archive or layout to another form.",
                "The input's format is read from its content: a docker save tarball (legacy, Docker 25+,",
                "containerd, Jib, kaniko, compressed with gzip/xz/zstd/bzip2, or - for stdin), an OCI layout",
                "directory or an OCI archive."},
        footer = {"",
                "Examples:",
                "  ociconv convert testimage.tar testimage-oci",
                "  ociconv convert --to oci-archive testimage.tar testimage-oci.tar",
                "  ociconv convert --image testuser/testimage:v2 both.tar v2-oci",
                "  ociconv convert --compress zstd alpine.tar.gz alpine-oci",
                "  ociconv convert --to docker-archive testimage-oci testimage.tar",
                "  ociconv convert --force --to docker-archive testimage-oci testimage.tar   # replace it",
                "  ociconv convert --to docker-archive testimage-oci - | docker load"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "Archive file, layout directory, or - for stdin.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Path to write, or - for standard output (an archive).")
    String output;

    @Option(names = "--to", paramLabel = "FORM", completionCandidates = OutputForms.class,
            description = "Output form, one of ${COMPLETION-CANDIDATES}. Default: oci (a layout directory); "
                    + "oci-archive for - (standard output).")
    String to;

    @Option(names = "--tag", paramLabel = "NAME",
            description = "Name the output image (one image only): a tag (the source's repository is kept) or a "
                    + "ref name for OCI, NAME:TAG for docker archives.")
    String tag;

    @Mixin
    CopyFlags flags;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // An archive on standard output: a layout directory cannot go there, its tar can.
        TransportRef src = TransportRef.path(input);
        TransportRef dst = destination();
        return new CopyRun(spec, flags, Transports.OpenContext.defaults()).run(List.of(src), dst, dst.location(), o -> o);
    }

    /**
     * OUTPUT as a path in the form {@code --to} names; or, when it is written with a transport
     * prefix ({@code docker-archive:out.tar}, {@code oci:DIR:tag}), as that transport says — never
     * a directory named after the prefix.
     */
    private TransportRef destination() {
        TransportRef ref = Files.exists(Path.of(output)) ? null : TransportRef.parse(output);
        if (ref != null && !ref.isPath()) {
            if (to != null && Transports.outputForm(to) != ref.transport()) {
                throw new IllegalArgumentException("--to " + to + " and the output '" + output + "' name different forms; give one");
            }
            if (tag != null && ref.reference().isPresent()) {
                throw new IllegalArgumentException("--tag " + tag + " and the name in '" + output + "': give one");
            }
            return tag != null ? new TransportRef(ref.transport(), ref.location(), Optional.of(tag)) : ref;
        }
        // An archive on standard output: a layout directory cannot go there, its tar can.
        Transport kind = Transports.outputForm(to != null ? to : output.equals("-") ? "oci-archive" : "oci");
        return new TransportRef(kind, output, Optional.ofNullable(tag));
    }
}
