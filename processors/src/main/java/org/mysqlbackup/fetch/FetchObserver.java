package org.mysqlbackup.fetch;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * Watches a fetch as it happens, for a reader that works on the file while it arrives (a restore
 * unpacking behind the download). Called from the fetch's threads; implementations return fast.
 */
public interface FetchObserver {
    /**
     * The download starts writing {@code part}; {@code done} holds the chunks already in it (a resume).
     * Chunks are fetched the last first (the archive's central directory and manifest), then in order.
     */
    default void started(StoredBackupInfo info, Path part, int chunkSize, BitSet done) {
    }

    /** Chunk {@code index} is written to the part file and its SHA-256 checked. */
    default void written(int index) {
    }

    /** Every chunk is here, the whole-file SHA-256 equals the server's, and the file is fsynced as {@code zip}. */
    default void verified(Path zip) {
    }

    /** The fetch stopped without a verified file; readers waiting for bytes get this failure. */
    default void failed(Throwable failure) {
    }

    /**
     * A chunk a reader waits for, to be asked for before the others (once), or -1. A reader that
     * needs the archive's central directory and manifest from more than the last chunk so does not
     * wait for the whole file.
     */
    default int wanted() {
        return -1;
    }

    /** Watches nothing. */
    FetchObserver NONE = new FetchObserver() {
    };
}
