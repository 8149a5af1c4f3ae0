package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.ArchiveOutput;
import dev.ociconv.converter.io.TempFiles;
import dev.ociconv.converter.io.FileChannelOutput;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.transport.BlobOutput;
import dev.ociconv.model.transport.BlobWrite;
import dev.ociconv.model.transport.StoredBlob;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A legacy {@code docker save} archive written straight into its temp file while the layers
 * arrive, one at a time, in the order of a plan (the tree {@link LegacySaveWriter} lays out
 * from the config before any layer is put). A layer's header is reserved and filled in once
 * its size is known, so no layer is staged and copied again at the end: on a 2 GiB image that
 * second copy was a third of the time.
 *
 * <p>The plan is only a guess at what the sink will write at commit (tags, a second image or a
 * layer that comes out of order can change the tree). So at commit the final tree is compared
 * with what was written: when it begins with exactly those entries, the rest is appended and this
 * file is the archive; otherwise it only serves as the store of the layers written into it, and
 * the archive is written anew from it. What was written is kept as a count and a fingerprint,
 * not as entries, and written entries are dropped from the plan: at commit only the final tree is
 * in memory (a save of 26,000 layers has 104,000 entries).
 */
final class DirectSaveTar implements Closeable {
    private static final int BLOCK = 512;

    private final Path file;
    private final FileChannelOutput out;
    private final GoTarWriter tar;
    private final SaveTarStyle style;
    /** The entries still to write; those before {@code next} are null (written, forgotten). */
    private final List<SaveTreeWriter.Entry> plan;
    private final EntryFingerprint written = new EntryFingerprint();
    private int next;
    /** False once something went differently from the plan: nothing more is written here. */
    private boolean onPlan = true;

    private DirectSaveTar(Path file, List<SaveTreeWriter.Entry> plan, SaveTarStyle style) throws IOException {
        this.file = file;
        this.plan = new ArrayList<>(plan);
        this.style = style;
        this.out = FileChannelOutput.create(file);
        this.tar = new GoTarWriter(out, style);
    }

    /** Starts the archive in a temp file beside the output's target. */
    static DirectSaveTar beside(ArchiveOutput output, List<SaveTreeWriter.Entry> plan, SaveTarStyle style) throws IOException {
        return new DirectSaveTar(output.newTempFile(), plan, style);
    }

    /** The layer blobs of the plan, in the order they must come. */
    List<Digest> blobOrder() {
        return plan.stream().filter(e -> e.kind() == SaveTreeWriter.Kind.BLOB).map(SaveTreeWriter.Entry::blob).toList();
    }

    /** Whether {@code digest} is the blob to be written next. */
    synchronized boolean takes(Digest digest) {
        if (!onPlan || digest == null) {
            return false;
        }
        for (int i = next; i < plan.size(); i++) {
            if (plan.get(i).kind() == SaveTreeWriter.Kind.BLOB) {
                return plan.get(i).blob().equals(digest);
            }
        }
        return false;
    }

    /**
     * Writes the entries the plan has before the blob, then the blob, and records where its bytes
     * are in {@code blobs}. Checks digest and size as any sink does; a failure leaves this file
     * off the plan (it is deleted with the sink). Null, and nothing written, when the blob is not
     * the next one of the plan.
     */
    synchronized StoredBlob tryPut(BlobWrite write, StagedBlobWriter blobs) throws IOException {
        if (!takes(write.expectedDigest()) || blobs.has(write.expectedDigest(), -1)) {
            return null;
        }
        onPlan = false; // until this blob is wholly in
        while (plan.get(next).kind() != SaveTreeWriter.Kind.BLOB) {
            SaveTreeWriter.Entry e = plan.set(next++, null);
            e.writeTo(tar, blobs);
            written.add(e);
        }
        SaveTreeWriter.Entry planned = plan.get(next);
        long headerAt = out.position();
        out.write(new byte[BLOCK]); // the header, once the size is known
        BlobOutput o = BlobOutput.writeInto(out, write);
        out.flush(); // the bytes of a recorded location are in the file, not in a buffer
        Digest digest = o.digest();
        long size = o.count();
        write.checkWritten(digest, size, write.mediaType() + " blob " + digest);
        blobs.recordElsewhere(digest, new StagedBlobWriter.Location(file, headerAt + BLOCK, size));
        byte[] header = tar.singleFileHeader(planned.name(), size, planned.mtime());
        if (header != null) {
            out.writeAt(headerAt, header);
            tar.padAfter(size);
            written.add(new SaveTreeWriter.Entry(planned.name(), planned.kind(), null, digest, size, null, planned.mtime()));
            plan.set(next++, null);
            onPlan = true;
        }
        return new StoredBlob(digest, size);
    }

    /**
     * Finishes the archive here if {@code tree} begins with exactly what was written: appends the
     * rest and the end marker. False (and nothing written) otherwise.
     */
    synchronized boolean finish(List<SaveTreeWriter.Entry> tree, StagedBlobWriter blobs, SaveTarStyle finalStyle) throws IOException {
        if (!onPlan || !finalStyle.equals(style) || tree.size() < written.count()) {
            return false;
        }
        EntryFingerprint wanted = new EntryFingerprint();
        tree.subList(0, written.count()).forEach(wanted::add);
        if (!wanted.equals(written)) {
            return false;
        }
        for (SaveTreeWriter.Entry e : tree.subList(written.count(), tree.size())) {
            e.writeTo(tar, blobs);
        }
        tar.finish();
        out.close();
        return true;
    }

    Path file() {
        return file;
    }

    /** Closes the file; the caller moves it into place or deletes it. */
    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    void delete() throws IOException {
        close();
        TempFiles.delete(file);
    }
}
