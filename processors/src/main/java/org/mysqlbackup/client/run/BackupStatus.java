package org.mysqlbackup.client.run;

/** The seed's backup statuses, as stored in {@code BackupLogs.Status}. */
public enum BackupStatus {
    Queued, StoppingMySQL, Compressing, Transferring, StartingMySQL, Verifying, Completed, Failed, Cancelled;

    public boolean isFinal() {
        return this == Completed || this == Failed || this == Cancelled;
    }
}
