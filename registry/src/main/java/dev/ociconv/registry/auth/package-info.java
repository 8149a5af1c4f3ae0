/**
 * Registry authentication: where credentials come from ({@link dev.ociconv.registry.auth.CredentialStore},
 * {@link dev.ociconv.registry.auth.AuthFile}, {@link dev.ociconv.registry.auth.CredentialHelper}) and how
 * they are used ({@link dev.ociconv.registry.auth.RegistryAuthenticator}: Basic, Bearer tokens per scope).
 */
package dev.ociconv.registry.auth;
