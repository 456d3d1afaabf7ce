package org.mysqlbackup.client.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mysqlbackup.transfer.Digests;

/**
 * One backup of a MySQL instance at a time, across processes and within one: an exclusive OS file
 * lock on a file in the work folder named after the instance's data directory. The operating
 * system drops the lock if the process dies, so a crash leaves no stale lock behind.
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path dataDirectory;

    private InstanceLock(FileChannel channel, FileLock lock, Path dataDirectory) {
        this.channel = channel;
        this.lock = lock;
        this.dataDirectory = dataDirectory;
    }

    /** @throws InstanceBusyException if another backup (or a restart guard) holds the lock on the same data directory */
    public static InstanceLock acquire(Path workDirectory, Path dataDirectory) throws IOException {
        String key = Digests.sha256Hex(dataDirectory.toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Files.createDirectories(workDirectory);
        FileChannel channel = FileChannel.open(workDirectory.resolve("instance-" + key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new InstanceBusyException("another backup of " + dataDirectory + " (or the restart guard) is working on it");
        }
        return new InstanceLock(channel, lock, dataDirectory);
    }

    @Override
    public String toString() {
        return "the backup lock on " + dataDirectory;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
