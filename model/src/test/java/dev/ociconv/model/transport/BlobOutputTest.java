package dev.ociconv.model.transport;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.media.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlobOutputTest {
    private static final byte[] BYTES = "some blob".getBytes(StandardCharsets.UTF_8);

    @Test
    void hashesWhatTheContentWritesUnlessItVerifiesItself() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BlobOutput hashed = BlobOutput.writeInto(sink, new BlobWrite(MediaType.OCI_LAYER, null, -1, out -> out.write(BYTES)));
        assertEquals(Digest.sha256(BYTES), hashed.digest());
        assertEquals(BYTES.length, hashed.count());
        assertArrayEquals(BYTES, sink.toByteArray());

        Digest claimed = Digest.sha256("verified upstream".getBytes(StandardCharsets.UTF_8));
        BlobOutput trusted = BlobOutput.writeInto(new ByteArrayOutputStream(),
                BlobWrite.verified(MediaType.OCI_LAYER, claimed, -1, out -> {
                    out.write(BYTES, 0, 4);
                    out.write(BYTES[4]);
                    out.write(BYTES, 5, BYTES.length - 5);
                }));
        assertEquals(claimed, trusted.digest());
        assertEquals(BYTES.length, trusted.count());
    }

    @Test
    void verifiedContentNeedsTheDigestItWasVerifiedAgainst() {
        assertThrows(IllegalArgumentException.class,
                () -> new BlobWrite(MediaType.OCI_LAYER, null, -1, out -> out.write(BYTES), true));
    }
}
