package dev.ociconv.converter.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/**
 * Owners, modes and times, always on the entry itself ({@link LinkOption#NOFOLLOW_LINKS}):
 * {@code unix:uid}/{@code unix:gid} become {@code lchown}, {@code unix:mode} a chmod of a
 * descriptor opened with {@code O_NOFOLLOW}; a symlink's mode is never set. Owners come before
 * the mode because chown clears setuid bits.
 */
final class Attributes {
    private final UnpackOptions options;
    private final Warnings warnings;

    private final int umask = umask();
    private final long ownUid;
    private final long ownGid;

    Attributes(UnpackOptions options, Warnings warnings) {
        this.options = options;
        this.warnings = warnings;
        long[] own = ownIds();
        this.ownUid = own[0];
        this.ownGid = own[1];
    }

    /** Our effective uid and gid (what new files get), so that chown can be skipped when they match. */
    private static long[] ownIds() {
        try {
            java.nio.file.Path self = java.nio.file.Path.of("/proc/self");
            return new long[] {(Integer) Files.getAttribute(self, "unix:uid"), (Integer) Files.getAttribute(self, "unix:gid")};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    /** The mode to set: the permission bits, plus setuid/setgid/sticky when kept. */
    int mode(int tarMode) {
        return tarMode & (options.keepSpecialBits() ? 07777 : 0777);
    }

    void owner(Path p, long uid, long gid) throws IOException {
        if (!options.assumeRoot()) {
            warnings.add("owners not restored: not running as root");
            return;
        }
        if (uid < 0 || gid < 0 || uid > Integer.MAX_VALUE || gid > Integer.MAX_VALUE) {
            throw new IOException("owner " + uid + ":" + gid + " out of range");
        }
        if (uid == ownUid && gid == ownGid) {
            return; // a new file is already ours (setgid directories aside, which we never create)
        }
        Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    void mode(Path p, int tarMode) throws IOException {
        if ((tarMode & 07000) != 0 && !options.keepSpecialBits()) {
            warnings.add("setuid/setgid/sticky bits dropped (keepSpecialBits is off)");
        }
        Files.setAttribute(p, "unix:mode", mode(tarMode), LinkOption.NOFOLLOW_LINKS);
    }

    /** Sets the mode of a regular file we just created, unless creation already gave it (0666 & ~umask). */
    void modeOfNewFile(Path p, int tarMode) throws IOException {
        if (umask >= 0 && mode(tarMode) == (0666 & ~umask) && (tarMode & 07000) == 0) {
            return;
        }
        mode(p, tarMode);
    }

    /** The process umask from /proc/self/status (Linux 4.7+), or -1 when unknown. */
    private static int umask() {
        try {
            for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).strip(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: always chmod
        }
        return -1;
    }

    void mtime(Path p, FileTime mtime, boolean symlink) throws IOException {
        if (mtime == null) {
            return;
        }
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, null, null);
        } catch (IOException e) {
            if (!symlink) {
                throw e;
            }
            warnings.add("symlink times not restored: " + e.getMessage());
        }
    }
}
