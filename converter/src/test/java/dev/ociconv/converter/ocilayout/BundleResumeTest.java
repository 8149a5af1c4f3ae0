package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.transport.BlobWrite;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bundle's staging keeps a half-written blob for the next run, and takes it back only when the
 * kept bytes and the rest hash to the digest: the prefix is hashed from the file, never trusted
 * because the stream claimed it.
 */
class BundleResumeTest {
    private static final byte[] BLOB = new byte[3 << 20];

    static {
        new Random(5).nextBytes(BLOB);
    }

    private static final Digest DIGEST = Digest.sha256(BLOB);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a good prefix, true",
            "a corrupt prefix, false",
            "a prefix longer than the blob, true",
            "no prefix, true",
    })
    void aKeptPrefixIsUsedOnlyWhenTheWholeHashesRight(String kept, boolean stored, @TempDir Path dir) throws IOException {
        Path resume = Files.createDirectories(dir.resolve(LayoutBlobWriter.RESUME_DIR));
        Path file = resume.resolve("sha256-" + DIGEST.hex());
        int have = 1_000_000;
        switch (kept) {
            case "a good prefix" -> Files.write(file, Arrays.copyOf(BLOB, have));
            case "a corrupt prefix" -> {
                byte[] bad = Arrays.copyOf(BLOB, have);
                bad[10] ^= 1;
                Files.write(file, bad);
            }
            case "a prefix longer than the blob" -> Files.write(file, new byte[BLOB.length + 1]);
            default -> have = 0;
        }
        try (OciLayoutSink sink = OciLayoutSink.bundle(dir)) {
            long resumable = sink.resumableBytes(DIGEST);
            assertEquals(kept.equals("a prefix longer than the blob") ? BLOB.length + 1 : have, resumable);
            // the content the copier hands over: the whole blob, as a resuming source replays it
            BlobWrite write = new BlobWrite(MediaType.OCI_LAYER, DIGEST, BLOB.length, out -> out.write(BLOB));
            if (stored) {
                assertEquals(DIGEST, sink.putBlob(write).digest());
                assertArrayEquals(BLOB, Files.readAllBytes(dir.resolve("blobs/sha256/" + DIGEST.hex())));
            } else {
                DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> sink.putBlob(write));
                assertTrue(e.getMessage().contains("kept from an earlier run") && e.getMessage().contains("removed"), e.getMessage());
                assertFalse(Files.exists(dir.resolve("blobs/sha256/" + DIGEST.hex())));
            }
            assertFalse(Files.exists(file), "the resume file is gone either way");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a dropped connection", "a commit"})
    void aFailedWriteKeepsWhatItWroteUntilTheBundleIsCommitted(String then, @TempDir Path dir) throws IOException {
        try (OciLayoutSink sink = OciLayoutSink.bundle(dir)) {
            BlobWrite cut = new BlobWrite(MediaType.OCI_LAYER, DIGEST, BLOB.length, out -> {
                out.write(BLOB, 0, 2 << 20);
                throw new IOException("connection reset");
            });
            assertThrows(IOException.class, () -> sink.putBlob(cut));
            assertEquals(2 << 20, sink.resumableBytes(DIGEST), "kept for the next run");
            try (var in = sink.openResumable(DIGEST, 1000)) {
                assertArrayEquals(Arrays.copyOf(BLOB, 1000), in.readAllBytes());
            }
            if (then.equals("a commit")) {
                sink.commit();
                assertFalse(Files.exists(dir.resolve(LayoutBlobWriter.RESUME_DIR)), "a committed bundle holds no partial blob");
            }
        }
        if (then.equals("a dropped connection")) {
            try (OciLayoutSink again = OciLayoutSink.bundle(dir)) {
                assertEquals(2 << 20, again.resumableBytes(DIGEST), "a closed staging keeps it");
            }
        }
    }
}
