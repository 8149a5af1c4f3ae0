package dev.ociconv.converter.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to unpack.
 *
 * @param limits          resource caps
 * @param assumeRoot      whether to act as the superuser (restore owners, create device nodes and
 *                        OverlayFS whiteouts); {@link #defaults()} detects it. A seam for tests: a
 *                        root process can still exercise the unprivileged path with {@code false}.
 * @param devices         create character/block devices and FIFOs (only with {@code assumeRoot});
 *                        otherwise they are skipped with one warning
 * @param keepSpecialBits keep setuid, setgid and sticky bits; otherwise modes are masked to 0777
 */
public record UnpackOptions(UnpackLimits limits, boolean assumeRoot, boolean devices, boolean keepSpecialBits) {

    public UnpackOptions {
        Objects.requireNonNull(limits, "limits");
    }

    /** Default limits, root detected, no devices, no special bits. */
    public static UnpackOptions defaults() {
        return new UnpackOptions(UnpackLimits.defaults(), runningAsRoot(), false, false);
    }

    public UnpackOptions withLimits(UnpackLimits l) {
        return new UnpackOptions(l, assumeRoot, devices, keepSpecialBits);
    }

    public UnpackOptions withAssumeRoot(boolean v) {
        return new UnpackOptions(limits, v, devices, keepSpecialBits);
    }

    public UnpackOptions withDevices(boolean v) {
        return new UnpackOptions(limits, assumeRoot, v, keepSpecialBits);
    }

    public UnpackOptions withKeepSpecialBits(boolean v) {
        return new UnpackOptions(limits, assumeRoot, devices, v);
    }

    /** The effective uid is 0 ({@code /proc/self} belongs to the process's effective uid). */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
