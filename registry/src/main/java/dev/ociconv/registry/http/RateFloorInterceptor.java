package dev.ociconv.registry.http;

import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.function.LongSupplier;

/**
 * Fails a response body that arrives slower than a floor ({@link Timeouts#minRate()} averaged
 * over {@link Timeouts#rateWindow()}): the idle timeout restarts with every byte, so without it a
 * server sending one byte a second would hold a copy forever. The error names the request and
 * what it measured. A rate of 0 turns it off.
 */
public final class RateFloorInterceptor implements Interceptor {
    private final Timeouts timeouts;
    private final LongSupplier nanoTime;

    public RateFloorInterceptor(Timeouts timeouts) {
        this(timeouts, System::nanoTime);
    }

    RateFloorInterceptor(Timeouts timeouts, LongSupplier nanoTime) {
        this.timeouts = timeouts;
        this.nanoTime = nanoTime;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (timeouts.minRate() == 0 || body == null) {
            return response;
        }
        String what = chain.request().method() + " " + RetryInterceptor.printable(chain.request().url());
        BufferedSource guarded = Okio.buffer(new Floor(body.source(), what));
        return response.newBuilder().body(ResponseBody.create(guarded, body.contentType(), body.contentLength())).build();
    }

    private final class Floor extends ForwardingSource {
        private final String what;
        private final long windowNanos = timeouts.rateWindow().toNanos();
        private long windowStart = nanoTime.getAsLong();
        private long windowBytes;

        Floor(okio.Source delegate, String what) {
            super(delegate);
            this.what = what;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n = super.read(sink, byteCount);
            if (n > 0) {
                windowBytes += n;
            }
            long now = nanoTime.getAsLong();
            if (n >= 0 && now - windowStart >= windowNanos) {
                double seconds = (now - windowStart) / 1e9;
                if (windowBytes < timeouts.minRate() * seconds) {
                    throw new TooSlowException(what + ": transfer slower than " + timeouts.minRate() + " bytes/s for "
                            + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s (" + windowBytes
                            + " bytes): the server is stalling");
                }
                windowStart = now;
                windowBytes = 0;
            }
            return n;
        }
    }

    /** A body below the floor: a timeout (retried as one), but not silence, so said differently. */
    public static final class TooSlowException extends SocketTimeoutException {
        TooSlowException(String message) {
            super(message);
        }
    }
}
