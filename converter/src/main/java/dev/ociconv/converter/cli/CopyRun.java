package dev.ociconv.converter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ociconv.converter.Ociconv;
import dev.ociconv.converter.copy.CopyOptions;
import dev.ociconv.converter.copy.ImageCopier.CopyReport;
import dev.ociconv.converter.transport.TransportRef;
import dev.ociconv.converter.transport.Transports;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.json.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One copy as the commands that copy run it ({@code convert}, {@code copy}, {@code save},
 * {@code pull}, {@code push}): the destination and the digest file checked before any work,
 * progress on standard output unless that carries the archive ({@code -}) or JSON, and at the end
 * one line per image naming the destination as the user wrote it and what now addresses the image
 * there, {@code --digestfile} and {@code --json}.
 */
final class CopyRun {
    private final CommandSpec spec;
    private final CopyFlags flags;
    private final Transports.OpenContext sourceContext;
    private final Transports.OpenContext context;

    CopyRun(CommandSpec spec, CopyFlags flags, Transports.OpenContext context) {
        this(spec, flags, context, context);
    }

    /** With a context per side: the registry flags of the source and of the destination (--src-…, --dest-…). */
    CopyRun(CommandSpec spec, CopyFlags flags, Transports.OpenContext sourceContext, Transports.OpenContext destinationContext) {
        this.spec = spec;
        this.flags = flags;
        this.sourceContext = sourceContext;
        this.context = destinationContext;
    }

    CopyRun(CommandSpec spec, CopyFlags flags, RegistryFlags registry, SideRegistryFlags sides) {
        this(spec, flags, sides.source(registry), sides.destination(registry));
    }

    /**
     * @param destinationLabel the destination as the user wrote it
     * @param adjust           command-specific options (names, …) on top of the flags'
     */
    int run(List<TransportRef> sources, TransportRef dst, String destinationLabel, UnaryOperator<CopyOptions> adjust)
            throws IOException {
        boolean archiveOnStdout = dst.location().equals("-") && !dst.transport().isRemote();
        if (archiveOnStdout && flags.json) {
            throw new IllegalArgumentException("--json prints on standard output, which carries the archive (-)");
        }
        PrintWriter messages = archiveOnStdout || flags.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (flags.digestFile != null) {
            checkNew(flags.digestFile, flags.force);
        }
        Transports.OpenContext ctx = context.withOverwrite(flags.force)
                .withStandardStreams(System.in, StandardOutput.data());
        if (flags.saveStyle().isPresent()) {
            ctx = ctx.withDockerArchive(ctx.dockerArchive().withStyle(flags.saveStyle().get()));
        }
        Transports.OpenContext srcCtx = sourceContext.withStandardStreams(System.in, StandardOutput.data());
        CopyOptions options = adjust.apply(flags.toOptions(messages));
        if (flags.allowForeign) {
            var registry = srcCtx.registry();
            options = options.withForeignLayers(layer -> dev.ociconv.registry.ForeignLayerDownload.open(layer, registry));
        }
        if (flags.cosignTags) {
            Ociconv.checkCosignTags(sources, dst);
        }
        CopyReport report = sources.size() == 1
                ? Ociconv.copy(sources.get(0), dst, options, srcCtx, ctx)
                : Ociconv.copyAll(sources, dst, options, srcCtx, ctx);
        if (flags.cosignTags) {
            report = Ociconv.copyCosignTags(dst, report, options, srcCtx, ctx);
        }
        if (!flags.quiet) {
            for (CopyReport.CopiedImage c : report.images()) {
                messages.println(line(destinationLabel, c));
            }
            messages.flush();
        }
        if (flags.json) {
            PrintWriter out = spec.commandLine().getOut();
            for (CopyReport.CopiedImage c : report.images()) {
                out.println(Json.mapper().writeValueAsString(json(destinationLabel, dst, c)));
            }
            out.flush();
        }
        if (flags.digestFile != null) {
            StringBuilder b = new StringBuilder();
            for (CopyReport.CopiedImage c : report.images()) {
                addressOf(c).ifPresent(d -> b.append(d).append('\n'));
            }
            Files.writeString(flags.digestFile, b.toString(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** Refuses, before any work, a file that exists unless {@code --force}. */
    static void checkNew(Path file, boolean force) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "is a directory");
        }
        if (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists; use --force to replace it");
        }
    }

    /** What addresses the image at the destination: its manifest's digest, else (legacy docker save) its image ID. */
    static Optional<Digest> addressOf(CopyReport.CopiedImage c) {
        return c.committed().or(c::imageId);
    }

    /**
     * {@code wrote DEST: NAMES; manifest DIGEST; image ID DIGEST[; pulled REF@DIGEST]}, the parts
     * that apply. A pull also says which registry digest it pulled, so it can be recorded.
     */
    static String line(String destination, CopyReport.CopiedImage c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.names().isEmpty() ? "(untagged)" : String.join(", ", c.names()));
        c.committed().ifPresent(d -> parts.add((c.root().mediaType().isIndex() ? "index " : "manifest ") + d));
        c.imageId().ifPresent(d -> parts.add("image ID " + d));
        if (pulled(c, destination)) {
            parts.add("pulled " + c.source().substring("docker://".length()) + "@" + c.sourceRoot().digest());
        }
        return "wrote " + destination + ": " + String.join("; ", parts);
    }

    private static boolean pulled(CopyReport.CopiedImage c, String destination) {
        return c.source().startsWith("docker://") && !c.committed().map(d -> d.equals(c.sourceRoot().digest())).orElse(false);
    }

    static ObjectNode json(String destination, TransportRef dst, CopyReport.CopiedImage c) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("destination", destination);
        o.put("transport", dst.isPath() ? null : dst.transport().name());
        ArrayNode names = o.putArray("names");
        c.names().forEach(names::add);
        o.put("manifestDigest", c.committed().map(Digest::toString).orElse(null));
        o.put("mediaType", c.committed().isPresent() ? c.root().mediaType().toString() : null);
        o.put("imageId", c.imageId().map(Digest::toString).orElse(null));
        o.put("source", c.source());
        o.put("sourceDigest", c.sourceRoot().digest().toString());
        o.put("platform", c.root().platform() == null ? null : c.root().platform().toString());
        return o;
    }
}
