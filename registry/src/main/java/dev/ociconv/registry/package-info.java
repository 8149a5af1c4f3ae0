/**
 * Registries over the OCI distribution API: {@link dev.ociconv.registry.ImageReference} names an
 * image, {@link dev.ociconv.registry.RegistryClient} speaks to one registry host, and
 * {@link dev.ociconv.registry.RegistrySource} / {@link dev.ociconv.registry.RegistrySink} plug a
 * registry repository into the transport SPI. Sub-packages: {@code auth} (challenges, tokens,
 * auth files, credential helpers), {@code tls} (certs.d), {@code http} (User-Agent, retries).
 */
package dev.ociconv.registry;
