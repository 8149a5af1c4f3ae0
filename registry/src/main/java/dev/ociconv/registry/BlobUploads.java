package dev.ociconv.registry;

import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.transport.BlobOutput;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;
import dev.ociconv.registry.auth.AuthScope;
import dev.ociconv.registry.http.RetryInterceptor;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Blob uploads, per the spec's push section:
 * <ul>
 *   <li>mount: {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>}; 201 mounted,
 *       202 an upload session instead (we then upload into it);</li>
 *   <li>monolithic, for a small blob whose digest is known: {@code POST}, then one {@code PUT <location>?digest=}
 *       with the bytes (buffered, at most {@link RegistryOptions#monolithicMaxBytes()}, so the PUT can be retried);</li>
 *   <li>streamed, otherwise: {@code POST}, one {@code PATCH} whose body is the content as it is produced
 *       (chunked transfer; digest computed on the way), then {@code PUT <location>?digest=}. A layer
 *       compressed on the fly is never staged. As the last (and only) chunk it satisfies any
 *       {@code OCI-Chunk-Min-Length}.</li>
 * </ul>
 * {@code Location} headers may be relative or absolute and carry query parameters; {@code digest}
 * is added to them, never pasted.
 */
final class BlobUploads {
    private static final MediaType OCTET = MediaType.get("application/octet-stream");

    private final RegistryClient client;

    BlobUploads(RegistryClient client) {
        this.client = client;
    }

    boolean mount(String repository, Digest digest, String from) throws IOException {
        HttpUrl url = client.url(repository, "blobs/uploads/").newBuilder()
                .addQueryParameter("mount", digest.toString()).addQueryParameter("from", from).build();
        try (Response r = post(url, AuthScope.push(repository).and(AuthScope.pull(from)))) {
            if (r.code() == 201) {
                return true;
            }
            if (r.code() == 202) {
                // The registry opened an upload session instead; the caller uploads through a new one.
                if (r.header("Location") != null) {
                    cancel(location(r), repository);
                }
                return false;
            }
            throw client.error(r);
        }
    }

    StoredBlob push(String repository, BlobWrite blob) throws IOException {
        boolean small = blob.expectedDigest() != null && blob.expectedSize() >= 0
                && blob.expectedSize() <= client.options().monolithicMaxBytes();
        HttpUrl location = start(repository);
        return small ? monolithic(repository, location, blob) : streamed(repository, location, blob);
    }

    private HttpUrl start(String repository) throws IOException {
        try (Response r = post(client.url(repository, "blobs/uploads/"), AuthScope.push(repository))) {
            if (r.code() != 202) {
                throw client.error(r);
            }
            return location(r);
        }
    }

    private Response post(HttpUrl url, AuthScope scope) throws IOException {
        Request req = new Request.Builder().url(url).post(RequestBody.create(new byte[0], null))
                .tag(AuthScope.class, scope).build();
        return client.execute(req);
    }

    private StoredBlob monolithic(String repository, HttpUrl location, BlobWrite blob) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) blob.expectedSize());
        BlobOutput written = BlobOutput.writeInto(new CappedOutputStream(buf, blob.expectedSize()), blob);
        StoredBlob stored = check(blob, written.digest(), written.count(), location);
        Request req = new Request.Builder().url(withDigest(location, stored.digest()))
                .put(RequestBody.create(buf.toByteArray(), OCTET))
                .tag(AuthScope.class, AuthScope.push(repository)).build();
        finish(req, stored);
        return stored;
    }

    private StoredBlob streamed(String repository, HttpUrl location, BlobWrite blob) throws IOException {
        StreamingBody body = new StreamingBody(blob);
        Request patch = new Request.Builder().url(location).patch(body)
                .tag(AuthScope.class, AuthScope.push(repository))
                .tag(RetryInterceptor.NoRetry.class, RetryInterceptor.NoRetry.INSTANCE).build();
        HttpUrl next;
        try (Response r = client.execute(patch)) {
            if (r.code() != 202 && r.code() != 204) {
                throw client.error(r);
            }
            next = r.header("Location") == null ? location : location(r);
        } catch (IOException e) {
            cancel(location, repository);
            throw e;
        }
        StoredBlob stored = check(blob, body.digest(), body.count(), location);
        Request put = new Request.Builder().url(withDigest(next, stored.digest()))
                .put(RequestBody.create(new byte[0], OCTET))
                .tag(AuthScope.class, AuthScope.push(repository)).build();
        finish(put, stored);
        return stored;
    }

    private StoredBlob check(BlobWrite blob, Digest actual, long size, HttpUrl location) throws IOException {
        try {
            return blob.checkWritten(actual, size, "blob upload to " + client.registry());
        } catch (DigestMismatchException e) {
            cancel(location, null);
            throw e;
        }
    }

    private void finish(Request put, StoredBlob stored) throws IOException {
        try (Response r = client.execute(put)) {
            if (r.code() != 201 && r.code() != 204 && r.code() != 200) {
                throw client.error(r);
            }
            String header = r.header("Docker-Content-Digest");
            if (header != null && Digest.isValid(header.strip()) && !Digest.parse(header.strip()).equals(stored.digest())) {
                throw new DigestMismatchException("blob upload to " + client.registry() + ": registry stored "
                        + header.strip() + ", expected " + stored.digest());
            }
        }
    }

    /** Best effort: tells the registry to drop a failed session, so nothing half-written is kept. */
    private void cancel(HttpUrl location, String repository) {
        Request.Builder b = new Request.Builder().url(location).delete();
        if (repository != null) {
            b.tag(AuthScope.class, AuthScope.push(repository));
        }
        try (Response ignored = client.execute(b.build())) {
            // Whatever it says: the session expires anyway.
        } catch (IOException e) {
            // Same.
        }
    }

    private HttpUrl location(Response r) throws IOException {
        String loc = r.header("Location");
        HttpUrl url = loc == null ? null : r.request().url().resolve(loc.strip());
        if (url == null) {
            throw new IOException(r.request().method() + " " + RegistryException.safeUrl(r.request().url())
                    + ": " + r.code() + " without a usable Location header");
        }
        HttpUrl asked = r.request().url();
        if (!url.scheme().equals(asked.scheme()) || !url.host().equals(asked.host()) || url.port() != asked.port()) {
            // the upload would carry the image's bytes (and, to a host we trust, our credentials) elsewhere
            throw new IOException(r.request().method() + " " + RegistryException.safeUrl(asked) + ": the registry sent the upload to "
                    + url.scheme() + "://" + url.host() + ":" + url.port() + ", another server; refused (uploads stay on the registry)");
        }
        return url;
    }

    /** Adds {@code digest=} to a Location that may already carry a query (upload state, signatures). */
    static HttpUrl withDigest(HttpUrl location, Digest digest) {
        return location.newBuilder().removeAllQueryParameters("digest").addQueryParameter("digest", digest.toString()).build();
    }

    /** The content as a one-shot, chunked request body, digested as it goes. */
    private static final class StreamingBody extends RequestBody {
        private final BlobWrite blob;
        private BlobOutput written;

        StreamingBody(BlobWrite blob) {
            this.blob = blob;
        }

        @Override
        public MediaType contentType() {
            return OCTET;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            OutputStream out = sink.outputStream();
            written = BlobOutput.writeInto(new OutputStream() {
                // Closing the sink is OkHttp's business, not the content's.
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            }, blob);
        }

        Digest digest() {
            return written.digest();
        }

        long count() {
            return written.count();
        }
    }

    /** Refuses to buffer more than the blob announced (a lying source must not fill the heap). */
    private static final class CappedOutputStream extends OutputStream {
        private final OutputStream out;
        private final long cap;
        private long count;

        CappedOutputStream(OutputStream out, long cap) {
            this.out = out;
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (count > cap) {
                throw new BoundedReads.TooLargeException("blob: more than the announced " + cap + " bytes");
            }
            out.write(b, off, len);
        }
    }
}
