package dev.ociconv.converter.copy;

import dev.ociconv.converter.io.ChunkPipe;
import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.content.Streams;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestMismatchException;
import dev.ociconv.model.digest.DigestingInputStream;
import dev.ociconv.model.digest.VerifyingInputStream;
import dev.ociconv.model.media.Compression;
import dev.ociconv.model.media.MediaType;
import dev.ociconv.model.spec.Descriptor;
import dev.ociconv.model.transport.BlobContent;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.ImageSink;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import dev.ociconv.model.transport.StoredBlob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Moves one layer from source to sink in one pass, keeping or changing its compression. Every
 * byte is hashed once: the source's stream verifies the blob digest, and the sink is told so
 * ({@link BlobWrite#contentVerified()}) instead of hashing the same bytes again.
 *
 * <ul>
 *   <li>kept uncompressed: the bytes' digest is the diffID, verified by the source;</li>
 *   <li>kept compressed: the bytes go to the sink as they are, their digest verified. The diffID
 *       is checked as well (a copy decompressed and hashed on another thread) when the user asks
 *       for it, or when the blob's digest is not known beforehand (a gzip'd layer in a tarball),
 *       since the diffID is then the only claim the bytes can be held to;</li>
 *   <li>transcoded: decompress → hash (diffID) → compress → sink; to an uncompressed target the
 *       diffID check is the sink's digest check, done once.</li>
 * </ul>
 */
final class LayerTranscoder {
    private static final int BUFFER = 1 << 16;
    private static final long PROGRESS_STEP = 1L << 20;

    private final ImageSource source;
    private final ImageSink sink;
    private final ExecutorService helpers;
    private final CopyListener listener;
    private final BlobReuser reuser;
    private final boolean verifyDiffIds;
    /** The level layers are compressed at; empty: ours. */
    private final java.util.OptionalInt level;

    LayerTranscoder(ImageSource source, ImageSink sink, ExecutorService helpers, CopyListener listener,
                    boolean verifyDiffIds, java.util.OptionalInt level) {
        this.level = level;
        this.source = source;
        this.sink = sink;
        this.helpers = helpers;
        this.listener = listener;
        this.verifyDiffIds = verifyDiffIds;
        this.reuser = new BlobReuser(source, sink, listener);
    }

    /**
     * The descriptor of the layer as stored in the sink (media type in the source's family).
     *
     * @param readAhead read (and decompress) the source on a helper thread while this one hashes
     *                  and writes: for layers written one at a time, when no other layer keeps the
     *                  second core busy
     */
    Descriptor transfer(LayerRef layer, Compression target, String what, boolean readAhead) throws IOException {
        Compression stored = layer.compression();
        boolean keep = stored == target;
        MediaType outType = keep ? layer.mediaType()
                : ManifestAuthor.layerType(target, layer.foreign(), layer.mediaType().isDocker());
        if (keep && layer.digest() != null && layer.size() >= 0 && reuser.reused(what, layer.digest(), layer.size())) {
            return withType(layer, layer.digest(), layer.size(), outType);
        }
        StoredBlob stored2;
        if (keep && stored == Compression.NONE) {
            stored2 = keepPlain(layer, what, readAhead);
        } else if (keep && (verifyDiffIds || layer.digest() == null)) {
            stored2 = keepCompressedCheckingDiffId(layer, what);
        } else if (keep) {
            stored2 = keepCompressed(layer, what, readAhead);
        } else {
            stored2 = transcode(layer, target, what, readAhead);
        }
        listener.blobDone(what, stored2.digest(), stored2.size(), false);
        return withType(layer, stored2.digest(), stored2.size(), outType);
    }

    /** The layer's stored bytes, verified; decompressed when asked; read here or on a helper thread. */
    private InputStream open(LayerRef layer, boolean decompress, boolean readAhead, String what) throws IOException {
        if (readAhead && decompress) {
            // Three stages on their own threads: read and hash the stored bytes, inflate, and
            // (the caller) hash and write the plain bytes. Inflate alone is not the half of it.
            return new ReadAhead(() -> new DecompressedLayer(
                    new ReadAhead(() -> source.openLayer(layer), what), layer.compression()), what);
        }
        if (readAhead) {
            return new ReadAhead(() -> source.openLayer(layer), what);
        }
        InputStream in = source.openLayer(layer);
        return decompress ? new DecompressedLayer(in, layer.compression()) : in;
    }

    private StoredBlob keepPlain(LayerRef layer, String what, boolean readAhead) throws IOException {
        Digest expected = layer.digest() != null ? layer.digest() : layer.diffId();
        if (!expected.equals(layer.diffId())) {
            throw new DigestMismatchException(what + ": uncompressed layer digest " + expected
                    + " differs from its diffID " + layer.diffId());
        }
        try (InputStream in = open(layer, false, readAhead, what)) {
            BlobContent content = out -> copy(in, out, what, layer.size());
            // A known digest is verified by the source's stream; else the sink checks the diffID.
            return sink.putBlob(layer.digest() != null
                    ? BlobWrite.verified(layer.mediaType(), expected, layer.size(), content)
                    : new BlobWrite(layer.mediaType(), expected, layer.size(), content));
        }
    }

    private StoredBlob keepCompressed(LayerRef layer, String what, boolean readAhead) throws IOException {
        try (InputStream in = open(layer, false, readAhead, what)) {
            return sink.putBlob(BlobWrite.verified(layer.mediaType(), layer.digest(), layer.size(),
                    out -> copy(in, out, what, layer.size())));
        }
    }

    private StoredBlob keepCompressedCheckingDiffId(LayerRef layer, String what) throws IOException {
        ChunkPipe pipe = new ChunkPipe(32);
        CompletableFuture<Digest> diffId = CompletableFuture.supplyAsync(() -> {
            try (InputStream plain = Compressors.decompress(pipe.source(), layer.compression());
                 DigestingInputStream hashed = new DigestingInputStream(plain, layer.diffId().algorithm())) {
                hashed.transferTo(OutputStream.nullOutputStream());
                // drain whatever trails the compressed stream so the writer never blocks
                pipe.source().transferTo(OutputStream.nullOutputStream());
                return hashed.digest();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(new IOException(what + ": cannot decompress: " + e.getMessage(), e));
            }
        }, helpers);
        StoredBlob result;
        try (InputStream in = source.openLayer(layer)) {
            BlobContent content = out -> {
                try (OutputStream tee = new TeeOutputStream(out, pipe.sink())) {
                    copy(in, tee, what, layer.size());
                }
            };
            result = sink.putBlob(layer.digest() != null
                    ? BlobWrite.verified(layer.mediaType(), layer.digest(), layer.size(), content)
                    : new BlobWrite(layer.mediaType(), null, layer.size(), content));
        } finally {
            pipe.sink().close();
        }
        checkDiffId(layer, await(diffId, what), what);
        return result;
    }

    /**
     * Decompress → hash (diffID) → compress → sink, on this thread. (Inflating on a helper thread
     * was measured slower here: layers already run in parallel on every core, and the hand-off
     * costs a copy per chunk.) The source is drained to its end inside the write, so a bad blob
     * digest fails the sink's write rather than surfacing after it.
     */
    private StoredBlob transcode(LayerRef layer, Compression target, String what, boolean readAhead) throws IOException {
        long total = layer.compression() == Compression.NONE ? layer.size() : -1;
        try (InputStream plain = open(layer, true, readAhead, what)) {
            if (target == Compression.NONE) {
                // The uncompressed bytes are the blob: verifying them against the diffID is the
                // sink's digest check, so they are hashed once, here.
                InputStream checked = new VerifyingInputStream(plain, layer.diffId(), -1,
                        what + ": uncompressed content (the config's rootfs.diff_ids entry)");
                return sink.putBlob(BlobWrite.verified(layer.mediaType(), layer.diffId(), -1,
                        out -> copy(checked, out, what, total)));
            }
            if (layer.compression() == Compression.NONE && layer.digest() != null) {
                // An uncompressed layer whose digest the source verifies: that digest is the diffID.
                if (!layer.digest().equals(layer.diffId())) {
                    throw new DigestMismatchException(what + ": uncompressed layer digest " + layer.digest()
                            + " differs from its diffID " + layer.diffId());
                }
                return sink.putBlob(new BlobWrite(layer.mediaType(), null, -1, out -> compress(plain, out, target, what, total)));
            }
            DigestingInputStream hashed = new DigestingInputStream(plain, layer.diffId().algorithm());
            StoredBlob result = sink.putBlob(new BlobWrite(layer.mediaType(), null, -1,
                    out -> compress(hashed, out, target, what, total)));
            checkDiffId(layer, hashed.digest(), what);
            return result;
        } catch (java.util.zip.ZipException | java.io.EOFException | com.github.luben.zstd.ZstdIOException e) {
            throw new IOException(what + ": cannot decompress: " + e.getMessage(), e);
        }
    }

    private void compress(InputStream plain, OutputStream out, Compression target, String what, long total) throws IOException {
        OutputStream compressed = Compressors.compress(new NonClosing(out), target, level);
        copy(plain, compressed, what, total);
        compressed.close();
    }

    /**
     * A layer's stored stream decompressed; at the end of the compressed data it drains the
     * stored stream to its end, so the source's verification has run before EOF is reported
     * (a compressed stream may end before its container).
     */
    private static final class DecompressedLayer extends java.io.FilterInputStream {
        private final InputStream stored;

        DecompressedLayer(InputStream stored, Compression compression) throws IOException {
            super(Compressors.decompress(new java.io.BufferedInputStream(stored, BUFFER), compression));
            this.stored = stored;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                stored.transferTo(OutputStream.nullOutputStream());
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOneByte(this);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                stored.close();
            }
        }
    }

    /** Opens a stream (on the helper thread that reads it). */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * A layer read, verified and (when asked) decompressed on a helper thread, handed over in
     * chunks. EOF is reported only once the helper finished cleanly; its failure is thrown here,
     * as it was (a digest mismatch stays one). Closing early tells the helper to stop.
     */
    private final class ReadAhead extends InputStream {
        private static final int CHUNK = 1 << 18;
        private final ChunkPipe pipe = new ChunkPipe(16, CHUNK);
        private final CompletableFuture<Void> helper;
        private final String what;

        ReadAhead(Opener opener, String what) {
            this.what = what;
            this.helper = CompletableFuture.runAsync(() -> {
                try (OutputStream sinkSide = pipe.sink();
                     InputStream in = opener.open()) {
                    byte[] buf = new byte[CHUNK];
                    int n;
                    while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
                        if (pipe.readerGone()) {
                            throw new java.io.InterruptedIOException(what + ": abandoned");
                        }
                        sinkSide.write(buf, 0, n);
                    }
                } catch (java.util.zip.ZipException | java.io.EOFException | com.github.luben.zstd.ZstdIOException e) {
                    throw new java.io.UncheckedIOException(new IOException(what + ": cannot decompress: " + e.getMessage(), e));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, helpers);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = pipe.source().read(b, off, len);
            if (n < 0) {
                finished();
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOneByte(this);
        }

        private void finished() throws IOException {
            await(helper, what);
        }

        @Override
        public void close() throws IOException {
            pipe.source().close();
        }
    }

    private static void checkDiffId(LayerRef layer, Digest actual, String what) throws DigestMismatchException {
        if (!actual.equals(layer.diffId())) {
            throw new DigestMismatchException(what + ": uncompressed content has digest " + actual
                    + " but the config's rootfs.diff_ids says " + layer.diffId());
        }
    }

    /** The result of a helper's work; its failure as the IOException it was (helpers wrap theirs unchecked). */
    private static <T> T await(CompletableFuture<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(what + ": interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(what + ": " + c, c);
        }
    }

    private void copy(InputStream in, OutputStream out, String what, long total) throws IOException {
        byte[] buf = new byte[BUFFER];
        long done = 0;
        long nextReport = PROGRESS_STEP;
        listener.blobProgress(what, 0, total);
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            done += n;
            if (done >= nextReport) {
                // often enough for a smooth bar; the terminal listener throttles its redraws itself
                listener.blobProgress(what, done, total);
                nextReport += PROGRESS_STEP;
            }
        }
    }

    private static Descriptor withType(LayerRef layer, Digest digest, long size, MediaType type) {
        return new Descriptor(type, digest, size, layer.urls(), layer.annotations(), null, null, null);
    }

    /** Writes to two streams; closing closes only the second (the first belongs to the sink). */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }

        @Override
        public void close() throws IOException {
            first.flush();
            second.close();
        }
    }

    /** Lets a compressor finish without closing the sink's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
