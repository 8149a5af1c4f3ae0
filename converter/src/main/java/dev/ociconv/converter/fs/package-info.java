/**
 * Unpacking and flattening images with OverlayFS semantics, safely.
 *
 * <ul>
 *   <li>{@link dev.ociconv.converter.fs.Unpacker#unpack} — the merged root filesystem in a
 *       directory; {@link dev.ociconv.converter.fs.Unpacker#unpackLayers} — one directory per layer
 *       with OverlayFS whiteouts and the mount line; {@link dev.ociconv.converter.fs.Exporter} — the
 *       merged filesystem as one sorted, reproducible tar.</li>
 *   <li>Layers are read only through the transport SPI ({@code ImageSource.openLayer}), decompressed
 *       by magic bytes, streamed once per pass, and drained so the source verifies their digests.</li>
 * </ul>
 *
 * <p>Decisions (each tested):
 * <ul>
 *   <li><b>Names.</b> Leading {@code /} and {@code ./} are dropped (absolute names land inside
 *       the output), {@code ..} components and NULs are errors. An entry naming the root is
 *       ignored when it is a directory (the root stays 0700) and an error otherwise.</li>
 *   <li><b>Symlinks in the middle of a path</b> are followed <em>inside</em> the output, as
 *       {@code securejoin} or a chroot'ed tar would ({@code ConfinedRoot}); symlinks are written
 *       as given and never followed at the final component, nor when setting modes or times.
 *       Hardlink targets must be regular files reached without any symlink.</li>
 *   <li><b>Whiteouts</b> (image-spec layer.md) hide lower layers only; an opaque marker works
 *       wherever it appears in its layer. {@code .wh.}, {@code .wh..} and {@code .wh...} are
 *       errors; AUFS {@code .wh..wh.*} bookkeeping is ignored with a warning.</li>
 *   <li><b>Privileges.</b> As root, owners are restored; device nodes and FIFOs (only with
 *       {@code devices}) and OverlayFS whiteouts are made by running {@code mknod(1)} (the JDK has
 *       no mknod). Opaque directories get {@code user.overlay.opaque=y} (Java writes only the
 *       {@code user.} xattr namespace), hence {@code userxattr} in the mount line (Linux 5.11+).
 *       Not as root: one warning each, whiteouts stay {@code .wh.} files.</li>
 *   <li><b>Limits</b> ({@link dev.ociconv.converter.fs.UnpackLimits}) stop bombs, huge headers and
 *       entry floods at the cap; every failure is one {@link dev.ociconv.converter.fs.UnpackException}
 *       line naming layer and entry, and leaves no output (temp directory beside the target,
 *       renamed at the end).</li>
 *   <li>Not supported: GNU sparse entries (an error); times of device nodes and FIFOs (left as
 *       made). The safety argument assumes no other process modifies the fresh 0700 output
 *       directory while we write it.</li>
 * </ul>
 */
package dev.ociconv.converter.fs;
