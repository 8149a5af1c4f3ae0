package dev.ociconv.converter.transport;

import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.registry.ImageReference;
import dev.ociconv.registry.RegistrySink;
import dev.ociconv.registry.RegistrySource;

import java.io.IOException;
import java.util.Optional;

/** {@code docker://HOST[:PORT]/REPO[:TAG|@DIGEST]}: a registry, through the registry module's source and sink. */
public final class RegistryTransport implements Transport {
    public static final RegistryTransport INSTANCE = new RegistryTransport();

    private RegistryTransport() {
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String prefix() {
        return "docker://";
    }

    @Override
    public String syntax() {
        return "docker://HOST[:PORT]/REPO[:TAG|@DIGEST]";
    }

    @Override
    public String summary() {
        return "a registry";
    }

    @Override
    public Optional<String> formName() {
        return Optional.empty();
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    /** The whole reference is the location: its tag or digest is part of it. */
    @Override
    public TransportRef parse(String rest) {
        return new TransportRef(this, rest, Optional.empty());
    }

    @Override
    public String format(TransportRef ref) {
        return prefix() + ref.location();
    }

    @Override
    public ImageSource openSource(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        return RegistrySource.open(ImageReference.parse(ref.location()), ctx.registry());
    }

    @Override
    public ImageSink openSink(TransportRef ref, Transports.OpenContext ctx) throws IOException {
        return RegistrySink.open(ImageReference.parse(ref.location()), ctx.registry());
    }
}
