/** OkHttp interceptors shared by registry clients: User-Agent and bounded retries of idempotent requests. */
package dev.ociconv.registry.http;
