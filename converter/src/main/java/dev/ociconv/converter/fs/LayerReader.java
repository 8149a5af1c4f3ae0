package dev.ociconv.converter.fs;

import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.transport.ImageSource;
import dev.ociconv.model.transport.LayerRef;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams one layer's tar entries to a visitor, once, under the {@link Budget}: the layer is
 * decompressed by its magic bytes, every uncompressed byte is counted, names are normalised
 * ({@link EntryPath}), sizes checked, and the layer is drained to EOF afterwards so that the
 * source's digest check runs (trailing data after the tar end is read and ignored, as Docker does).
 *
 * <p>Every failure becomes one {@link UnpackException} line: {@code layer N: entry 'NAME': why}.
 * Commons Compress reports some malformed headers with runtime exceptions; they are caught here.
 */
final class LayerReader {

    /** Receives each entry; {@code content} is the entry's data (it need not be read to the end). */
    interface EntryVisitor {
        void visit(TarArchiveEntry entry, String path, InputStream content) throws IOException;
    }

    private LayerReader() {
    }

    /** {@code layer N} (1-based, bottom first), the prefix of every message about that layer. */
    static String label(int index) {
        return "layer " + (index + 1);
    }

    static void read(ImageSource source, LayerRef layer, int index, Budget budget, EntryVisitor visitor)
            throws IOException {
        String label = label(index);
        if (!layer.present()) {
            throw new UnpackException(label + ": " + layer.location() + " is not in " + source.description()
                    + " (foreign layer)");
        }
        String current = null;
        try (InputStream raw = source.openLayer(layer)) {
            Compressors.Sniffed plain = Compressors.decompressSniffed(raw);
            BudgetedInputStream counted = new BudgetedInputStream(plain.stream(), budget, label);
            TarArchiveInputStream tar = new TarArchiveInputStream(counted);
            while (true) {
                counted.beginHeader();
                TarArchiveEntry entry = tar.getNextEntry();
                if (entry == null) {
                    if (counted.endedMidRecord()) {
                        throw new UnpackException(label + ": truncated tar archive (the stream ends inside a header)");
                    }
                    break;
                }
                counted.endHeader();
                current = entry.getName();
                if (++budget.entries > budget.limits.maxEntries()) {
                    throw new UnpackException(label + ": more than " + budget.limits.maxEntries()
                            + " entries (limit)");
                }
                if (entry.getSize() < 0 || entry.getSize() > budget.limits.maxFileSize()) {
                    throw new IOException("size " + entry.getSize() + " outside 0.." + budget.limits.maxFileSize()
                            + " (limit)");
                }
                String path = EntryPath.normalize(current, budget.limits.maxPathLength());
                visitor.visit(entry, path, tar);
                drain(tar);
            }
            current = null;
            // The rest of the uncompressed stream (trailing data), then the stored bytes, so the
            // source verifies size and digest at EOF.
            drain(counted);
            drain(raw);
        } catch (UnpackException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String where = current == null ? label : label + ": entry '" + UnpackException.printable(current) + "'";
            throw new UnpackException(where + ": " + UnpackException.printable(why), e);
        }
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }
}
