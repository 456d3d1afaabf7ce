package org.mysqlbackup.server.alerts;

/** What a server alert is about; one kind per thing an operator acts on differently. */
public enum ServerAlertKind {
    /** A transfer was refused at finalize: the whole file's SHA-256 did not match. */
    FINALIZE_REFUSED,
    /** The storage has no room for what a client sends (or for its reserve). */
    STORAGE_FULL,
    /** The storage cannot be written (permissions, read-only file system, I/O error). */
    STORAGE_UNWRITABLE,
    /** Retention could not delete a stored backup it meant to delete. */
    RETENTION_FAILED,
    /** A client was refused at the TLS handshake, repeatedly. */
    HANDSHAKE_REFUSED,
    /** A configuration has no Completed backup within its interval plus the grace period. */
    OVERDUE,
    /** An overdue configuration has a Completed backup again. */
    BACK_TO_NORMAL,
    /** A certificate (the server's own, or the CA) expires soon. */
    CERTIFICATE_EXPIRING,
    /** A stored backup no longer matches its SHA-256 recorded at finalize, or its archive is damaged. */
    BACKUP_CORRUPT,
    /** The file of a stored backup is gone. */
    BACKUP_MISSING,
    /** A stored backup failed its restorability drill (or could not be drilled). */
    DRILL_FAILED
}
