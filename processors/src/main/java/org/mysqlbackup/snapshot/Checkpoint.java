package org.mysqlbackup.snapshot;

/**
 * Asked between pieces of work (every file, every megabyte) during a long snapshot phase, so a
 * cancelled backup stops within a second rather than when the data directory is done. It throws
 * to stop the work; whatever the phase created so far is then deleted, as for any other failure.
 */
@FunctionalInterface
public interface Checkpoint {

    /** @throws RuntimeException to stop the work (the backup's cancellation, say) */
    void check();

    static Checkpoint none() {
        return () -> { };
    }
}
