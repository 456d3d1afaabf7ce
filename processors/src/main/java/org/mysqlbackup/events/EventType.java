package org.mysqlbackup.events;

/** What a {@link BackupEvent} reports; {@link #wireName()} is its {@code event} field in the JSON. */
public enum EventType {
    /** Client: a backup (or a send of a file) has its row in BackupLogs and begins. */
    BACKUP_STARTED("backup.started"),
    /** Client: a backup reached its next workflow step ({@code step}, {@code status}). */
    BACKUP_STEP("backup.step"),
    /** Client: the server stored and verified the backup. */
    BACKUP_COMPLETED("backup.completed"),
    /** Client: the backup failed at {@code step} for {@code reason}. */
    BACKUP_FAILED("backup.failed"),
    /** Client: the backup was cancelled (backup-client cancel, the deadline, a stop of the client). */
    BACKUP_CANCELLED("backup.cancelled"),
    /** Server: a client opened a transfer (new, or started over). */
    TRANSFER_STARTED("transfer.started"),
    /** Server: a transfer's whole file verified and is stored under its final name. */
    TRANSFER_STORED("transfer.stored"),
    /** Server: an opened transfer did not verify or could not be stored; nothing was kept. */
    TRANSFER_FAILED("transfer.failed"),
    /** Server: a transfer was refused before it opened (no room, storage unwritable). */
    TRANSFER_REJECTED("transfer.rejected"),
    /** Server: verify re-read a stored backup ({@code result}: intact, corrupt, missing). */
    VERIFY_RESULT("verify.result"),
    /** Server: a restorability drill of a stored backup ended ({@code result}: passed, failed, could-not-boot). */
    DRILL_RESULT("drill.result");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
