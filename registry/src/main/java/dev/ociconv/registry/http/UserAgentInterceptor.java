package dev.ociconv.registry.http;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/** Sets {@code User-Agent: ociconv/<version>} on every request. */
public final class UserAgentInterceptor implements Interceptor {
    private final String userAgent;

    public UserAgentInterceptor(String userAgent) {
        this.userAgent = userAgent;
    }

    /** {@code ociconv/<version>} from the jar's manifest, or {@code ociconv/dev} when run from classes. */
    public static String defaultUserAgent() {
        String v = UserAgentInterceptor.class.getPackage().getImplementationVersion();
        return "ociconv/" + (v == null ? "dev" : v);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
    }
}
