/** TLS for registries: Docker's certs.d layout, extra CAs, client certificates, {@code --tls-verify=false}. */
package dev.ociconv.registry.tls;
