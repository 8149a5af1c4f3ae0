package dev.ociconv.registry;

import dev.ociconv.registry.auth.AuthScope;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The distribution API's {@code Link}-paginated lists (tags, referrers, the catalog), followed the one safe
 * way: a page only on the same registry (scheme, host, port: a page elsewhere would get our
 * credentials and could be anything), never a page already read (a loop), at most
 * {@code maxPages} pages.
 */
final class LinkPages {
    /** Reads one page's response; false stops the walk there. */
    @FunctionalInterface
    interface Page {
        boolean read(Response response, int index) throws IOException;
    }

    private LinkPages() {
    }

    static void follow(RegistryClient client, HttpUrl first, String repository, String accept, String what, int maxPages,
                       Page page) throws IOException {
        follow(client, first, AuthScope.pull(repository), accept, what, maxPages, page);
    }

    static void follow(RegistryClient client, HttpUrl first, AuthScope scope, String accept, String what, int maxPages,
                       Page page) throws IOException {
        Set<HttpUrl> read = new HashSet<>();
        HttpUrl next = first;
        for (int index = 0; next != null; index++) {
            if (index >= maxPages) {
                throw new IOException(what + ": more than " + maxPages + " pages");
            }
            if (!next.scheme().equals(first.scheme()) || !next.host().equals(first.host()) || next.port() != first.port()) {
                throw new IOException(what + ": page " + (index + 1) + " is on another server (" + next.scheme() + "://"
                        + next.host() + ":" + next.port() + "); a Link is followed only on the same registry");
            }
            if (!read.add(next)) {
                throw new IOException(what + ": page " + (index + 1) + " links back to a page already read (" + next.encodedPath()
                        + (next.encodedQuery() == null ? "" : "?" + next.encodedQuery()) + "); stopped");
            }
            Request.Builder b = new Request.Builder().url(next).get().tag(AuthScope.class, scope);
            if (accept != null) {
                b.header("Accept", accept);
            }
            try (Response r = client.execute(b.build())) {
                if (!page.read(r, index)) {
                    return;
                }
                next = Manifests.nextLink(r.request().url(), r.headers("Link"));
            }
        }
    }
}
