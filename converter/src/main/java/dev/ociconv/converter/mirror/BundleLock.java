package dev.ociconv.converter.mirror;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One mirror run per bundle: a lock on a file beside the target ({@code NAME.mirror-lock}, holding
 * the writer's pid), taken before the staging layout is touched. A second run refuses at once
 * with one line; the lock goes with the process however it ends (the OS drops it).
 */
final class BundleLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private BundleLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static BundleLock acquire(BundleTarget target) throws IOException {
        Path file = target.lockFile();
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this process holds it already (a library caller running two mirrors at once)
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            ByteBuffer pid = ByteBuffer.allocate(32); // a pid, never more: the file is not ours to trust
            channel.read(pid, 0);
            String holder = new String(pid.array(), 0, pid.position(), StandardCharsets.UTF_8).strip();
            if (!holder.matches("\\d{1,20}")) {
                holder = "";
            }
            channel.close();
            throw new IOException(target + ": another ociconv mirror" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + " is writing this bundle; wait for it to finish or stop it");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new BundleLock(file, channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file); // still held: no other run can be between the check and this
        } finally {
            lock.release();
            channel.close();
        }
    }
}
