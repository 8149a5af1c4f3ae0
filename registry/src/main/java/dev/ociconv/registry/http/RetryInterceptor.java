package dev.ociconv.registry.http;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Retries idempotent requests with bounded backoff on 429 (honouring {@code Retry-After}), 502,
 * 503, 504 and on connection failures (reset, refused, timeout).
 *
 * <p>Only requests that can be sent again are retried: GET and HEAD, and PUT whose body is not
 * one-shot. A one-shot body (a layer streamed while compressed) cannot be replayed; POST and
 * PATCH change server state. Those fail at the first error and the caller decides. A request
 * tagged {@link NoRetry} is never retried.
 */
public final class RetryInterceptor implements Interceptor {
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

    /** Tag for a request that must be sent at most once. */
    public enum NoRetry { INSTANCE }

    private final RetryPolicy policy;
    private final Clock clock;

    public RetryInterceptor(RetryPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!replayable(request)) {
            return chain.proceed(request);
        }
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (InterruptedIOException e) {
                if (!(e instanceof java.net.SocketTimeoutException timeout)) {
                    throw e;
                }
                // a timeout is tried once more, not five times: a silent server must fail in
                // about two timeouts, and the line says what was waited for
                if (last || attempt >= MAX_TIMEOUT_ATTEMPTS) {
                    throw timedOut(request, chain, timeout);
                }
                pause(policy.delayAfter(attempt));
                continue;
            } catch (IOException e) {
                if (last || !transientFailure(e)) {
                    throw e;
                }
                pause(policy.delayAfter(attempt));
                continue;
            }
            if (last || !RETRYABLE_STATUS.contains(response.code())) {
                return response;
            }
            Duration wait = RetryAfter.parse(response.header("Retry-After"), clock)
                    .map(policy::cap).orElse(policy.delayAfter(attempt));
            response.close();
            pause(wait);
        }
    }

    /** Tries of a request that times out (the first and one more). */
    static final int MAX_TIMEOUT_ATTEMPTS = 2;

    /** The timeout, said in one line that names the request and the wait. */
    static java.net.SocketTimeoutException timedOut(Request request, Chain chain, java.net.SocketTimeoutException e) {
        String cause = e.getMessage() == null ? "timeout" : e.getMessage();
        java.net.SocketTimeoutException t = new java.net.SocketTimeoutException(request.method() + " " + printable(request.url())
                + ": no answer from " + request.url().host() + ":" + request.url().port() + " within "
                + (cause.contains("connect") ? chain.connectTimeoutMillis() / 1000 + " s to connect"
                : chain.readTimeoutMillis() / 1000 + " s (" + cause + "; --read-timeout changes it)")
                + ", tried " + MAX_TIMEOUT_ATTEMPTS + " times");
        t.initCause(e);
        return t;
    }

    /** A URL for a message: scheme, host, port and path; never its query (signed storage URLs carry secrets there) or user info. */
    static String printable(okhttp3.HttpUrl url) {
        return url.scheme() + "://" + url.host() + ":" + url.port() + url.encodedPath();
    }

    static boolean replayable(Request request) {
        if (request.tag(NoRetry.class) != null) {
            return false;
        }
        return switch (request.method()) {
            case "GET", "HEAD" -> true;
            case "PUT" -> request.body() == null || !request.body().isOneShot();
            default -> false;
        };
    }

    /** Connection-level failures worth another try; TLS and protocol errors are not. */
    static boolean transientFailure(IOException e) {
        return e instanceof java.net.SocketException
                || e instanceof java.io.EOFException
                || (e.getMessage() != null && (e.getMessage().contains("unexpected end of stream")
                        || e.getMessage().contains("Connection reset")));
    }

    private void pause(Duration d) throws IOException {
        try {
            policy.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
