package dev.ociconv.model.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm ":" encoded}, as in the
 * <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests">image-spec</a>.
 *
 * <p>Only the registered algorithms {@code sha256} (64 lower-case hex digits) and {@code sha512}
 * (128) are accepted. The grammar is strict because a digest's hex part is used as a file name
 * and in URLs: {@code sha256:../../x} must never get that far.
 *
 * <pre>sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b</pre>
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA512_HEX = Pattern.compile("[0-9a-f]{128}");

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        Pattern grammar = switch (algorithm) {
            case SHA256 -> SHA256_HEX;
            case SHA512 -> SHA512_HEX;
            default -> throw new InvalidDigestException(
                    "unsupported digest algorithm '" + printable(algorithm) + "' (sha256 and sha512 are supported)");
        };
        if (!grammar.matcher(hex).matches()) {
            throw new InvalidDigestException("invalid " + algorithm + " digest '" + printable(hex)
                    + "': expected " + (algorithm.equals(SHA256) ? 64 : 128) + " lower-case hex digits");
        }
    }

    /** Parses {@code algorithm:hex}; throws {@link InvalidDigestException} on anything else. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new InvalidDigestException("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidDigestException("invalid digest '" + printable(text) + "': expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** True when {@code text} parses as a digest. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] data) {
        return of(SHA256, newSha256().digest(data));
    }

    public static Digest of(String algorithm, byte[] rawDigest) {
        return new Digest(algorithm, HexFormat.of().formatHex(rawDigest));
    }

    public static MessageDigest newSha256() {
        return newMessageDigest(SHA256);
    }

    public static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case SHA256 -> "SHA-256";
                case SHA512 -> "SHA-512";
                default -> throw new InvalidDigestException("unsupported digest algorithm " + algorithm);
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** The first 12 hex digits, as Docker shows short IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    /** Keeps hostile input readable in messages: control characters escaped, long strings cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 80) {
            b.append("...");
        }
        return b.toString();
    }
}
