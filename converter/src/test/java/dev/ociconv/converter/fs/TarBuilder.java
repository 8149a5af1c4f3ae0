package dev.ociconv.converter.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/** Writes test layers: any names (absolute, {@code ..}), any types, PAX for long names. */
final class TarBuilder {
    static final FileTime MTIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarBuilder() {
        this(null);
    }

    private TarBuilder(OutputStream out) {
        tar = new TarArchiveOutputStream(out == null ? bytes : out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** A builder streaming to {@code out} (for large layers); finish with {@link #close()}. */
    static TarBuilder to(OutputStream out) {
        return new TarBuilder(out);
    }

    private static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(MTIME);
        return e;
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    TarBuilder file(String name, byte[] data, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
        e.setSize(data.length);
        e.setMode(mode);
        return put(e, data);
    }

    TarBuilder dir(String name) {
        return dir(name, 0755);
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        e.setMode(040000 | mode);
        return put(e, null);
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        return put(e, null);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        e.setMode(0644);
        return put(e, null);
    }

    TarBuilder device(String name, byte type, int major, int minor) {
        TarArchiveEntry e = entry(name, type);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0600);
        return put(e, null);
    }

    /** A raw PAX extended header with one record, applying to the next entry. */
    TarBuilder pax(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.length();
        int digits = String.valueOf(len).length();
        while (String.valueOf(len + digits).length() != digits) {
            digits++;
        }
        byte[] record = ((len + digits) + body).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = entry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        e.setSize(record.length);
        return put(e, record);
    }

    TarBuilder owned(String name, String content, int uid, int gid) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(0644);
        e.setUserId(uid);
        e.setGroupId(gid);
        return put(e, data);
    }

    TarBuilder put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return this;
    }

    /** Finishes the archive (end marker) and returns the bytes. */
    byte[] build() {
        close();
        return bytes.toByteArray();
    }

    void close() {
        try {
            tar.close();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** Overwrites a header field of the header at {@code headerOffset} and fixes its checksum. */
    static byte[] patchHeader(byte[] tar, int headerOffset, int fieldOffset, byte[] field) {
        byte[] out = tar.clone();
        System.arraycopy(field, 0, out, headerOffset + fieldOffset, field.length);
        for (int i = 0; i < 8; i++) {
            out[headerOffset + 148 + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += out[headerOffset + i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, out, headerOffset + 148, 8);
        return out;
    }
}
