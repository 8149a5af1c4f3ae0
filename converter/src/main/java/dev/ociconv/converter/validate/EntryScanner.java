package dev.ociconv.converter.validate;

import dev.ociconv.converter.archive.TarEntry;

import dev.ociconv.converter.io.Compressors;
import dev.ociconv.model.digest.Digest;
import dev.ociconv.model.digest.DigestingInputStream;
import dev.ociconv.model.media.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashes one file of an archive in a single pass: its bytes, its bytes decompressed, and when
 * asked the entries of the tar it holds. Small JSON-looking files are kept as documents.
 */
final class EntryScanner {
    private static final int PEEK = 512;

    private EntryScanner() {
    }

    static ArchiveCatalog.Entry scan(String name, InputStream source, long size, int listFiles, boolean mayKeep)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(nonClosing(source), 1 << 16);
        if (mayKeep && looksLikeJson(in)) {
            byte[] bytes = in.readAllBytes();
            Digest d = Digest.sha256(bytes);
            return new ArchiveCatalog.Entry(name, TarEntry.Kind.FILE, null, bytes.length, d, Compression.NONE, d,
                    bytes, null);
        }
        DigestingInputStream raw = new DigestingInputStream(in);
        Compression compression = Compression.NONE;
        Digest uncompressed = null;
        ArchiveCatalog.LayerListing listing = null;
        try {
            Compressors.Sniffed sniffed = Compressors.sniff(raw);
            compression = sniffed.compression();
            // an uncompressed file's diffID is its digest: hash it once, not twice
            DigestingInputStream plain = compression == Compression.NONE ? null
                    : new DigestingInputStream(Compressors.decompress(sniffed.stream(), compression));
            InputStream content = plain == null ? sniffed.stream() : plain;
            if (listFiles >= 0) {
                listing = list(content, listFiles);
            }
            content.transferTo(OutputStream.nullOutputStream());
            uncompressed = plain == null ? null : plain.digest();
        } catch (IOException notDecompressible) {
            uncompressed = null; // said by the checks that need it; the raw digest below still counts
        }
        raw.transferTo(OutputStream.nullOutputStream());
        Digest digest = raw.digest(); // once: digest() completes the hash
        if (compression == Compression.NONE) {
            uncompressed = digest;
        }
        return new ArchiveCatalog.Entry(name, TarEntry.Kind.FILE, null, raw.count(), digest, compression,
                uncompressed, null, listing);
    }

    /** Lists a tar's entries; null when the data is not a tar. Leaves the stream where the tar reader stopped. */
    private static ArchiveCatalog.LayerListing list(InputStream plain, int keep) {
        List<String> changes = new ArrayList<>();
        int total = 0;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(nonClosing(plain));
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                total++;
                if (changes.size() < keep) {
                    changes.add(change(e));
                }
            }
        } catch (IOException | RuntimeException notATar) {
            return null;
        }
        return new ArchiveCatalog.LayerListing(changes, total);
    }

    /** One entry of a layer as a change to the file system (image-spec layer.md whiteouts). */
    static String change(TarArchiveEntry e) {
        String name = e.getName().startsWith("./") && e.getName().length() > 2 ? e.getName().substring(2) : e.getName();
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String dir = slash < 0 ? "" : trimmed.substring(0, slash + 1);
        String base = trimmed.substring(slash + 1);
        if (base.equals(".wh..wh..opq")) {
            return "opaque " + (dir.isEmpty() ? "/" : dir) + "  (hides what lower layers have there)";
        }
        if (base.startsWith(".wh.")) {
            return "- " + dir + base.substring(4) + "  (whiteout)";
        }
        String suffix = e.isSymbolicLink() ? " -> " + e.getLinkName()
                : e.isLink() ? "  (hard link to " + e.getLinkName() + ")" : "";
        return "+ " + name + suffix;
    }

    private static boolean looksLikeJson(BufferedInputStream in) throws IOException {
        in.mark(PEEK);
        byte[] head = new byte[PEEK];
        int n = in.readNBytes(head, 0, PEEK);
        in.reset();
        if (n >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return false; // a tar whose first name starts like JSON ("nginx/", "[…") is a layer, not a document
        }
        for (int i = 0; i < n; i++) {
            byte b = head[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[' || b == 'n' || b == '"';
        }
        return n == 0;
    }

    /** The outer tar stream must stay open after one entry. */
    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
