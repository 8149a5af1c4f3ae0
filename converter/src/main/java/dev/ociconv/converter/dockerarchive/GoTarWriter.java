package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.io.FileChannelOutput;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes tar headers byte for byte as Go's {@code archive/tar} does for the entries moby's
 * {@code pkg/archive} produces when {@code docker save} tars its temp directory: USTAR blocks
 * ({@code ustar\0} + {@code 00}), numbers as zero-padded octal ended by NUL, uid/gid 0, empty
 * user and group names, device numbers {@code 0000000\0}, the checksum as six octal digits, NUL,
 * space. A name over 100 bytes is split into prefix and name where Go would; otherwise (or for a
 * size of 8 GiB and more) a PAX extended header {@code <dir>/PaxHeaders.0/<base>} carries it, as
 * Go does. The archive ends with two zero blocks and no padding to a 10 KiB record (Go never pads).
 *
 * <p>Commons Compress is not used here on purpose: its headers differ from Go's in small ways
 * (trailing spaces after numbers, GNU magic), and byte-exact output is the point of this class.
 */
final class GoTarWriter implements Closeable {
    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final OutputStream out;
    private final boolean modeTypeBits;
    private final String userName;
    private final String groupName;

    /**
     * @param style whether to set the file type bits in the mode field ({@code 0100644},
     *              {@code 040755}, {@code 0120777}), as Docker up to 22.06 did, and the owner
     *              names of every header
     */
    GoTarWriter(OutputStream out, SaveTarStyle style) {
        this.out = out;
        this.modeTypeBits = style.modeTypeBits();
        this.userName = style.userName();
        this.groupName = style.groupName();
    }

    void directory(String name, long mtime) throws IOException {
        header(name.endsWith("/") ? name : name + "/", 0755 | (modeTypeBits ? 040000 : 0), 0, mtime, '5', "");
    }

    void symlink(String name, String target, long mtime) throws IOException {
        header(name, 0777 | (modeTypeBits ? 0120000 : 0), 0, mtime, '2', target);
    }

    void file(String name, byte[] content, long mtime) throws IOException {
        header(name, 0644 | (modeTypeBits ? 0100000 : 0), content.length, mtime, '0', "");
        out.write(content);
        pad(content.length);
    }

    /** A regular file streamed from {@code content}, which must hold exactly {@code size} bytes. */
    void file(String name, InputStream content, long size, long mtime) throws IOException {
        header(name, 0644 | (modeTypeBits ? 0100000 : 0), size, mtime, '0', "");
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IOException(name + ": wrote " + copied + " bytes, expected " + size);
        }
        pad(size);
    }

    /**
     * A regular file holding {@code size} bytes of {@code content} from {@code offset}; copied by
     * the kernel when this writer's stream is a {@link FileChannelOutput}.
     */
    void file(String name, Path content, long offset, long size, long mtime) throws IOException {
        if (!(out instanceof FileChannelOutput channel)) {
            try (InputStream in = Files.newInputStream(content)) {
                in.skipNBytes(offset);
                file(name, dev.ociconv.model.content.Streams.limited(in, size), size, mtime);
            }
            return;
        }
        header(name, 0644 | (modeTypeBits ? 0100000 : 0), size, mtime, '0', "");
        channel.append(content, offset, size);
        pad(size);
    }

    /**
     * The one header block of a regular file, or {@code null} when Go would write more than one
     * (a PAX header for a long name, a size of 8 GiB or more): lets a writer reserve a block
     * before it knows the size, and fill it in afterwards.
     */
    byte[] singleFileHeader(String name, long size, long mtime) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length != name.length() || nameBytes.length > 100 || size > MAX_OCTAL_11
                || mtime < 0 || mtime > MAX_OCTAL_11) {
            return null;
        }
        return block(name, "", 0644 | (modeTypeBits ? 0100000 : 0), size, mtime, '0', "");
    }

    /** Zero padding to the end of a block after {@code size} bytes of file data. */
    void padAfter(long size) throws IOException {
        pad(size);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(ZEROS, 0, BLOCK - rest);
        }
    }

    private void header(String name, int mode, long size, long mtime, char type, String link) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean ascii = nameBytes.length == name.length();
        String[] split = ascii ? splitUstar(name) : null;
        boolean fitsName = ascii && (nameBytes.length <= 100 || split != null);
        boolean fitsLink = link.length() <= 100 && link.getBytes(StandardCharsets.UTF_8).length == link.length();
        if (!fitsName || !fitsLink || size > MAX_OCTAL_11 || mtime < 0 || mtime > MAX_OCTAL_11) {
            paxHeader(name, link, size, mtime, !fitsName, !fitsLink);
            out.write(block(toAscii(name), "", mode, size > MAX_OCTAL_11 ? 0 : size, mtime, type, toAscii(link)));
            return;
        }
        String prefix = split == null ? "" : split[0];
        String shortName = split == null ? name : split[1];
        out.write(block(shortName, prefix, mode, size, mtime, type, link));
    }

    private void paxHeader(String name, String link, long size, long mtime, boolean path, boolean linkpath) throws IOException {
        // Go writes records sorted by key.
        StringBuilder records = new StringBuilder();
        if (linkpath) {
            records.append(record("linkpath", link));
        }
        if (mtime < 0 || mtime > MAX_OCTAL_11) {
            records.append(record("mtime", Long.toString(mtime)));
        }
        if (path) {
            records.append(record("path", name));
        }
        if (size > MAX_OCTAL_11) {
            records.append(record("size", Long.toString(size)));
        }
        byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String paxName = (slash < 0 ? "" : trimmed.substring(0, slash + 1)) + "PaxHeaders.0/" + trimmed.substring(slash + 1);
        paxName = toAscii(paxName);
        if (paxName.length() > 100) {
            paxName = paxName.substring(0, 100);
        }
        while (paxName.endsWith("/")) {
            paxName = paxName.substring(0, paxName.length() - 1);
        }
        // Go writes the PAX header's own block with no owner names, whatever the entry's
        out.write(block(paxName, "", 0, data.length, 0, 'x', "", "", ""));
        out.write(data);
        pad(data.length);
    }

    /** Go's formatPAXRecord: "{@code <len> <key>=<value>\n}", len counting itself. */
    static String record(String key, String value) {
        int size = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
        size += Integer.toString(size).length();
        String rec = size + " " + key + "=" + value + "\n";
        int actual = rec.getBytes(StandardCharsets.UTF_8).length;
        return actual == size ? rec : actual + " " + key + "=" + value + "\n";
    }

    /** Go's splitUSTARPath: the last '/' that leaves a name of at most 100 and a prefix of at most 155. */
    static String[] splitUstar(String name) {
        int length = name.length();
        if (length <= 100) {
            return null;
        } else if (length > 156) {
            length = 156;
        } else if (name.charAt(length - 1) == '/') {
            length--;
        }
        int i = name.lastIndexOf('/', length - 1);
        int nlen = name.length() - i - 1;
        if (i <= 0 || nlen > 100 || nlen == 0 || i > 155) {
            return null;
        }
        return new String[] {name.substring(0, i), name.substring(i + 1)};
    }

    private static String toAscii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x80) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A header block of this writer's style. */
    private byte[] block(String name, String prefix, int mode, long size, long mtime, char type, String link) {
        return block(name, prefix, mode, size, mtime, type, link, userName, groupName);
    }

    private static byte[] block(String name, String prefix, int mode, long size, long mtime, char type, String link,
                                String userName, String groupName) {
        byte[] h = new byte[BLOCK];
        string(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        string(h, 157, 100, link);
        string(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        string(h, 265, 32, userName);
        string(h, 297, 32, groupName);
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        string(h, 345, 155, prefix);
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** Go's formatString: copy, NUL-terminated when there is room. */
    private static void string(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len));
        if (b.length < len) {
            h[off + b.length] = 0;
        }
    }

    /** Go's formatOctal: leading zeros to width-1 digits, then NUL. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() < len) {
            s = "0".repeat(len - 1 - s.length()) + s;
        }
        string(h, off, len, s);
    }

    /** Two zero blocks, the end-of-archive marker. */
    void finish() throws IOException {
        out.write(ZEROS);
        out.write(ZEROS);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
