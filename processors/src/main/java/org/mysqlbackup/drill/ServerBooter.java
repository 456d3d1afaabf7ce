package org.mysqlbackup.drill;

import java.nio.file.Path;
import org.mysqlbackup.snapshot.BackupManifest;

/** Boots a throwaway server on a restored data directory. */
public interface ServerBooter {
    /**
     * Refuses a backup this host cannot boot (another server version than the manifest's), before
     * anything is unpacked.
     *
     * @throws DrillNotPossibleException saying which versions and what to change
     */
    void check(BackupManifest manifest);

    /**
     * Boots a server on {@code dataDirectory}, its socket, pid file and logs in {@code scratch}, and
     * returns once it accepts connections. A server that did not come up is gone when this throws.
     *
     * @throws BootFailedException with the tail of the server's error log
     */
    RunningServer boot(Path dataDirectory, Path scratch) throws BootFailedException;
}
