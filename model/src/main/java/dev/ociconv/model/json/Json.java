package dev.ociconv.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The one JSON mapper of ociconv: strict where input is hostile, plain where we author.
 *
 * <ul>
 *   <li>duplicate keys are rejected (two readers could otherwise see two different documents);</li>
 *   <li>trailing tokens after the document are rejected;</li>
 *   <li>a {@code null} document is rejected;</li>
 *   <li>nesting is capped at {@value #MAX_NESTING} so deep input cannot overflow the stack;</li>
 *   <li>unknown properties are ignored, as the specs require of readers.</li>
 * </ul>
 * Documents we write use compact output with {@code null}s and empty collections left out.
 */
public final class Json {
    public static final int MAX_NESTING = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(4 * 1024 * 1024)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a whole document into {@code type}; a {@code null} document or trailing bytes are errors. */
    public static <T> T parse(byte[] bytes, Class<T> type, String what) throws InvalidDocumentException {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new InvalidDocumentException(what + ": document is null");
            }
            return value;
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidDocumentException(what + ": " + describe(e), e);
        }
    }

    /** Parses a whole document as a tree; a {@code null} document or trailing bytes are errors. */
    public static JsonNode parseTree(byte[] bytes, String what) throws InvalidDocumentException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isNull() || node.isMissingNode()) {
                throw new InvalidDocumentException(what + ": document is null or empty");
            }
            return node;
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidDocumentException(what + ": " + describe(e), e);
        }
    }

    /** Compact UTF-8 bytes of a value we author. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** One readable line out of a Jackson failure: its message without the source dump. */
    public static String describe(Throwable e) {
        // Our records' own validation (a digest's grammar, a negative size) says it best; Jackson
        // wraps it in "Cannot construct instance of ..." text that names Java types.
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                JsonProcessingException outer = e instanceof JsonProcessingException jpe ? jpe : null;
                String where = outer != null && outer.getLocation() != null && outer.getLocation().getLineNr() > 0
                        ? " (line " + outer.getLocation().getLineNr() + ", column " + outer.getLocation().getColumnNr() + ")" : "";
                return t.getMessage() + where;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof JsonProcessingException)) {
            root = root.getCause();
        }
        String msg = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (msg != null && msg.contains("problem: ")) {
            // "Cannot deserialize ... problem: (java.lang.X) <our message>": keep our message
            msg = msg.substring(msg.lastIndexOf("problem: ") + "problem: ".length()).replaceFirst("^\\([\\w.$]+\\) ", "");
        }
        if (root instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
            msg = msg + " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
        }
        if (msg == null) {
            msg = root.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl > 0 ? msg.substring(0, nl) : msg;
    }

}
