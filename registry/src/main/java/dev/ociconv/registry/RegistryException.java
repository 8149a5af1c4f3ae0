package dev.ociconv.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.json.Json;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A registry answered with an error. Carries the request (method and URL, never credentials:
 * query and user-info are dropped), the HTTP status and the registry's error codes from the
 * body defined by the distribution-spec:
 * <pre>{"errors": [{"code": "BLOB_UNKNOWN", "message": "blob unknown to registry", "detail": …}]}</pre>
 * Its message is one line: {@code GET https://host/v2/x/manifests/y: 404 Not Found: MANIFEST_UNKNOWN: manifest unknown}.
 */
public class RegistryException extends IOException {
    private final String method;
    private final String url;
    private final int status;
    private final List<ErrorEntry> errors;

    /** One entry of the spec's error body. */
    public record ErrorEntry(String code, String message) {
        public ErrorEntry {
            Objects.requireNonNull(code, "code");
            message = message == null ? "" : message;
        }

        @Override
        public String toString() {
            return message.isEmpty() ? code : code + ": " + message;
        }
    }

    public RegistryException(String method, HttpUrl url, int status, String reason, List<ErrorEntry> errors) {
        super(render(method, url, status, reason, errors));
        this.method = method;
        this.url = safeUrl(url);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** The error of a response with its (bounded) body; an unreadable body still gives status and reason. */
    public static RegistryException of(String method, HttpUrl url, int status, String reason, byte[] body) {
        return new RegistryException(method, url, status, reason, parseErrors(body));
    }

    public String method() {
        return method;
    }

    /** The URL without query or credentials. */
    public String url() {
        return url;
    }

    public int status() {
        return status;
    }

    public List<ErrorEntry> errors() {
        return errors;
    }

    /** True when the registry reported this code (e.g. {@code BLOB_UNKNOWN}). */
    public boolean hasCode(String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }

    /** Parses the spec's error body; anything else gives no entries. */
    static List<ErrorEntry> parseErrors(byte[] body) {
        List<ErrorEntry> out = new ArrayList<>();
        if (body == null || body.length == 0) {
            return out;
        }
        try {
            JsonNode errors = Json.parseTree(body, "error body").path("errors");
            for (JsonNode e : errors) {
                if (e.path("code").isTextual()) {
                    out.add(new ErrorEntry(oneLine(e.path("code").asText()), oneLine(e.path("message").asText(""))));
                }
            }
        } catch (IOException e) {
            // Not the spec's JSON (an HTML proxy page, say): status and reason must do.
        }
        return out;
    }

    static String safeUrl(HttpUrl url) {
        return url == null ? "?" : url.newBuilder().query(null).username("").password("").build().toString();
    }

    private static String render(String method, HttpUrl url, int status, String reason, List<ErrorEntry> errors) {
        StringBuilder b = new StringBuilder().append(method).append(' ').append(safeUrl(url)).append(": ").append(status);
        if (reason != null && !reason.isBlank()) {
            b.append(' ').append(oneLine(reason));
        }
        for (ErrorEntry e : errors) {
            b.append(": ").append(e);
        }
        return b.toString();
    }

    static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
