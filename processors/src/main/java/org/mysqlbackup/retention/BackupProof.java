package org.mysqlbackup.retention;

import java.nio.file.Path;

/**
 * What retention asks before it counts a backup as good: whether it is known to be damaged, and,
 * for the backup it is about to rely on as the newest good one of its configuration, a fresh proof
 * when the last one is not enough. Implemented by verify, which re-reads the file and records
 * what it found.
 */
public interface BackupProof {
    /** Trusts every file that exists with its recorded size: retention as it was before verify. */
    BackupProof SIZE_ONLY = new BackupProof() {
        @Override
        public String knownDamage(RetentionStore.StoredRow row) {
            return null;
        }

        @Override
        public String prove(RetentionStore.StoredRow row, Path file) {
            return null;
        }
    };

    /** Why the backup is known not to be good (its last verify found it corrupt or missing), or null. */
    String knownDamage(RetentionStore.StoredRow row);

    /**
     * Makes sure the backup is intact before retention relies on it: re-reads it when it was never
     * verified, was verified before the file last changed, or longer ago than allowed, and records
     * the result.
     *
     * @return why it is not good, or null when it is intact
     * @throws InterruptedException if interrupted while reading: retention must not go on unproven
     */
    String prove(RetentionStore.StoredRow row, Path file) throws InterruptedException;
}
