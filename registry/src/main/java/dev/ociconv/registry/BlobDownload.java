package dev.ociconv.registry;

import dev.ociconv.model.content.Streams;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.registry.auth.AuthScope;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blob's bytes from {@code GET /v2/<name>/blobs/<digest>}, resumed after a dropped connection.
 *
 * <p>When the body breaks (or ends short of a known size) after N bytes, the blob is asked for
 * again with {@code Range: bytes=N-}. Only a {@code 206} whose {@code Content-Range} starts at N
 * continues the stream; a {@code 200} (the server ignores ranges) restarts it, skipping the N bytes
 * already delivered; anything else fails. Everything passes the outer {@link VerifyingInputStream},
 * so a resumed blob is still checked as a whole. (containers/image's body_reader does the same.)
 */
final class BlobDownload extends InputStream {
    private static final int MAX_RESUMES = 5;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]+)-([0-9]+)/([0-9]+|\\*)");

    private final RegistryClient client;
    private final String repository;
    private final Digest digest;
    private final long size;
    private final String what;
    private Response response;
    private InputStream body;
    private long position;
    private int resumes;
    /** Where the last idle timeout struck, or -1: a second one at the same byte is a stall, not bad luck. */
    private long timedOutAt = -1;
    private boolean eof;

    private BlobDownload(RegistryClient client, String repository, Digest digest, long size) {
        this.client = client;
        this.repository = repository;
        this.digest = digest;
        this.size = size;
        this.what = "blob " + digest + " of " + client.registry() + "/" + repository;
    }

    static InputStream open(RegistryClient client, String repository, Digest digest, long size) throws IOException {
        BlobDownload d = new BlobDownload(client, repository, digest, size);
        d.connect();
        return new VerifyingInputStream(d, digest, size, d.what);
    }

    static Optional<Long> head(RegistryClient client, String repository, Digest digest) throws IOException {
        Request req = new Request.Builder().url(client.url(repository, "blobs/" + digest)).head()
                .tag(AuthScope.class, AuthScope.pull(repository)).build();
        try (Response r = client.execute(req)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw client.error(r);
            }
            String len = r.header("Content-Length");
            try {
                return Optional.of(len == null ? -1L : Long.parseLong(len.strip()));
            } catch (NumberFormatException e) {
                return Optional.of(-1L);
            }
        }
    }

    /**
     * The blob's bytes from {@code offset} on, not verified (the caller holds the first bytes and
     * checks the whole), when the registry serves that range ({@code 206}); empty when it answers
     * with the whole blob instead ({@code 200}: nothing is saved by reading it, the caller starts over).
     */
    static Optional<InputStream> openFrom(RegistryClient client, String repository, Digest digest, long size, long offset)
            throws IOException {
        BlobDownload d = new BlobDownload(client, repository, digest, size);
        d.position = offset;
        Response r = d.request();
        if (r.code() == 206) {
            d.attachRange(r);
            return Optional.of(d);
        }
        r.close();
        if (r.code() == 200) {
            return Optional.empty();
        }
        throw client.error(r);
    }

    private Response request() throws IOException {
        Request.Builder b = new Request.Builder().url(client.url(repository, "blobs/" + digest)).get()
                .tag(AuthScope.class, AuthScope.pull(repository));
        if (position > 0) {
            b.header("Range", "bytes=" + position + "-");
        }
        return client.execute(b.build());
    }

    /** Continues from a {@code 206} that must start at {@link #position}. */
    private void attachRange(Response r) throws IOException {
        String range = r.header("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.strip());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != position) {
            r.close();
            throw new IOException(what + ": resumed at byte " + position + " but the registry sent range '" + range + "'");
        }
        attach(r);
    }

    private void connect() throws IOException {
        Response r = request();
        if (position > 0 && r.code() == 206) {
            attachRange(r);
            return;
        }
        if (r.code() != 200) {
            throw client.error(r);
        }
        attach(r);
        if (position > 0) {
            skipDelivered();
        }
    }

    private void attach(Response r) {
        response = r;
        body = r.body().byteStream();
    }

    /** A full 200 after a resume: the first {@code position} bytes were delivered already. */
    private void skipDelivered() throws IOException {
        byte[] buf = new byte[65536];
        long left = position;
        while (left > 0) {
            int n = body.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(what + ": restarted download ended before byte " + position);
            }
            left -= n;
        }
    }

    @Override
    public int read() throws IOException {
        return Streams.readOneByte(this);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (eof) {
            return -1;
        }
        while (true) {
            int n;
            try {
                n = body.read(buf, off, len);
            } catch (DigestMismatchException e) {
                throw e;
            } catch (IOException e) {
                resume(e);
                continue;
            }
            if (n < 0 && size >= 0 && position < size) {
                resume(new IOException("connection closed at byte " + position + " of " + size));
                continue;
            }
            if (n < 0) {
                eof = true;
                return -1;
            }
            position += n;
            return n;
        }
    }

    private void resume(IOException cause) throws IOException {
        String host = response == null ? client.registry() : response.request().url().host() + ":" + response.request().url().port();
        closeResponse();
        if (cause instanceof dev.ociconv.registry.http.RateFloorInterceptor.TooSlowException) {
            throw cause; // a server this slow stays this slow; its line says so
        }
        if (cause instanceof java.net.SocketTimeoutException) {
            // a server that sends headers and then nothing: retry once, as any timed-out request
            if (timedOutAt == position) {
                throw new java.net.SocketTimeoutException(what + ": download stalled at byte " + position + ": no answer from "
                        + host + " within " + client.options().timeouts().read().toSeconds()
                        + " s (--read-timeout changes it), tried 2 times");
            }
            timedOutAt = position;
        }
        if (++resumes > MAX_RESUMES) {
            throw new IOException(what + ": download failed at byte " + position + " after " + MAX_RESUMES
                    + " resumes: " + cause.getMessage(), cause);
        }
        connect();
    }

    private void closeResponse() {
        if (response != null) {
            response.close();
            response = null;
        }
    }

    @Override
    public void close() {
        closeResponse();
    }
}
