package dev.ociconv.converter.transport;

import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;

import java.io.IOException;
import java.util.Optional;

/**
 * One form images live in, as the command line names it ({@code docker-archive:PATH},
 * {@code docker://REF}, …): how its strings are split, how a source and a sink are opened, and
 * how help texts describe it. Every transport is one implementation registered in
 * {@link Transports#ALL}; nothing else in the program lists them, so adding one is its class
 * (plus the source and sink it opens) and one line there.
 */
public interface Transport {

    /** The name: {@code docker-archive}, {@code oci}, {@code docker} (for {@code docker://}); empty for a plain path. */
    String name();

    /** What a location starts with, separator included: {@code docker-archive:}, {@code docker://}. */
    default String prefix() {
        return name() + ":";
    }

    /** Its syntax for help texts: {@code docker-archive:PATH[:NAME:TAG|:@N]}. */
    String syntax();

    /** One line saying what it is, for help texts. */
    String summary();

    /** The name {@code --to} takes for it, when it writes a file form; empty for a registry. */
    default Optional<String> formName() {
        return Optional.of(name());
    }

    /** True for a registry: nothing local to validate or explain, images named by where they are pushed or pulled. */
    default boolean isRemote() {
        return false;
    }

    /** True when a destination reference names a tag of the image's repository (an OCI ref name), not a full name. */
    default boolean referenceIsTag() {
        return false;
    }

    /**
     * Splits what follows the prefix into location and reference. By default, as skopeo does for
     * files: the path ends at the first {@code :}, what follows is the reference.
     */
    default TransportRef parse(String rest) {
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return new TransportRef(this, rest, Optional.empty());
        }
        String ref = rest.substring(colon + 1);
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty reference after '" + prefix() + rest.substring(0, colon + 1) + "'");
        }
        return new TransportRef(this, rest.substring(0, colon), Optional.of(ref));
    }

    /** The location written back as the user would type it. */
    default String format(TransportRef ref) {
        return prefix() + ref.location() + ref.reference().map(r -> ":" + r).orElse("");
    }

    ImageSource openSource(TransportRef ref, Transports.OpenContext ctx) throws IOException;

    /**
     * Opens a sink; nothing appears at the target until it commits. What is at the target already
     * is checked now, before any work.
     */
    ImageSink openSink(TransportRef ref, Transports.OpenContext ctx) throws IOException;
}
