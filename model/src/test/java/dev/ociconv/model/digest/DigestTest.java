package dev.ociconv.model.digest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestTest {
    static final String HELLO = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @ParameterizedTest
    @ValueSource(strings = {
            HELLO,
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"})
    void acceptsRegisteredAlgorithms(String text) {
        assertEquals(text, Digest.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", ":", "sha256", "sha256:", "sha256:abc",
            "SHA256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
            "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98240",
            "sha256:../../../../etc/passwd",
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982/",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha512:abc",
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982\n",
            " sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"})
    void rejectsEverythingElse(String text) {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(text));
    }

    @Test
    void hashesBytes() {
        assertEquals(HELLO, Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void verifyingStreamAcceptsRightBytes() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        try (VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(data), Digest.parse(HELLO), 5, "blob")) {
            assertArrayEquals(data, in.readAllBytes());
            assertTrue(in.verified());
        }
    }

    @Test
    void verifyingStreamRejectsFlippedByte() {
        byte[] data = "hellp".getBytes(StandardCharsets.UTF_8);
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(data), Digest.parse(HELLO), 5, "blob");
        DigestMismatchException e = assertThrows(DigestMismatchException.class, in::drain);
        assertTrue(e.getMessage().contains("expected " + HELLO), e.getMessage());
    }

    @Test
    void verifyingStreamRejectsTruncatedAndOversized() {
        VerifyingInputStream shortIn = new VerifyingInputStream(new ByteArrayInputStream("hell".getBytes()), Digest.parse(HELLO), 5, "blob");
        assertTrue(assertThrows(DigestMismatchException.class, shortIn::drain).getMessage().contains("truncated"));
        VerifyingInputStream longIn = new VerifyingInputStream(new ByteArrayInputStream("hello!".getBytes()), Digest.parse(HELLO), 5, "blob");
        assertTrue(assertThrows(DigestMismatchException.class, longIn::drain).getMessage().contains("more than"));
    }

    @Test
    void digestingStreamsCountAndHash() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        in.readAllBytes();
        assertEquals(HELLO, in.digest().toString());
        assertEquals(5, in.count());
        DigestingOutputStream out = new DigestingOutputStream(java.io.OutputStream.nullOutputStream());
        out.write(data);
        assertEquals(HELLO, out.digest().toString());
        assertEquals(5, out.count());
    }
}
