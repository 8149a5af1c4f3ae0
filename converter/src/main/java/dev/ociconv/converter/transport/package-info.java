/**
 * Locations as users type them ({@code docker-archive:PATH}, {@code oci:DIR:REF}, {@code docker://REF},
 * a plain path) and the one list of transports ({@link dev.ociconv.converter.transport.Transports#ALL}),
 * each a {@link dev.ociconv.converter.transport.Transport} that parses its strings and opens its
 * source and sink. The adapters live here, not in the packages they open, so those packages know
 * nothing of the command line's syntax and the package graph stays acyclic.
 *
 * <p>May import the transport packages and {@code registry}; never {@code copy} or {@code cli}.
 */
package dev.ociconv.converter.transport;
